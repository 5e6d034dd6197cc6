# Quoting for text the library writes into shell scripts.
let
  inherit (builtins) replaceStrings;
in
{
  # One shell word, whatever the string holds.
  quote = s: "'" + replaceStrings [ "'" ] [ "'\\''" ] s + "'";
}
