{
  description = "spectrum: one topology file in, a verified live USB image of a VM-per-task system out";

  # flake.lock pins this to one revision; generated trees copy that lock node (docs/nixpkgs.md).
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";

  outputs = { self, nixpkgs }:
    let
      system = "x86_64-linux";
      pkgs = nixpkgs.legacyPackages.${system};
      manifest = builtins.fromJSON (builtins.readFile ./package.json);

      # npm can be set to leave registry packages' `resolved` out of package-lock.json
      # (omit-lockfile-registry-resolved, as on the machines this is developed on).
      # importNpmLock fetches each package by `resolved` and `integrity`, so the URL npm
      # itself fetched is put back: <registry>/<name>/-/<name without scope>-<version>.tgz.
      withRegistryUrls = lock: lock // {
        packages = builtins.mapAttrs
          (path: entry:
            if path == "" || entry ? resolved || entry.link or false || entry.inBundle or false then entry
            else
              let name = entry.name or (builtins.head (builtins.match ".*node_modules/(.*)" path));
              in entry // { resolved = "https://registry.npmjs.org/${name}/-/${baseNameOf name}-${entry.version}.tgz"; })
          lock.packages;
      };

      spectrum = pkgs.buildNpmPackage {
        pname = manifest.name;
        inherit (manifest) version;
        src = ./.;
        # Every dependency comes from package-lock.json's integrity hashes: no npmDepsHash,
        # which could only be computed with network access to the registry.
        npmDeps = pkgs.importNpmLock {
          npmRoot = ./.;
          packageLock = withRegistryUrls (builtins.fromJSON (builtins.readFile ./package-lock.json));
        };
        npmConfigHook = pkgs.importNpmLock.npmConfigHook;
        # `npm pack` (the default install) honours .gitignore, which leaves dist/ out, and the
        # CLI needs its templates, Nix library, image scripts and nixpkgs pin (flake.lock, which
        # generated trees copy) beside it. The layout is npm's, so importNpmLock's post-install
        # hook restores the unpatched package.json there.
        installPhase = ''
          runHook preInstall
          npm prune --omit=dev
          dir=$out/lib/node_modules/${manifest.name}
          mkdir -p "$dir" $out/bin
          cp -r package.json flake.lock bin dist node_modules templates modules images examples "$dir"/
          ln -s "$dir"/bin/spectrum.js $out/bin/spectrum
          runHook postInstall
        '';
        meta.mainProgram = "spectrum";
      };
    in
    {
      packages.${system} = {
        inherit spectrum;
        default = spectrum;
      };

      apps.${system}.default = {
        type = "app";
        program = "${spectrum}/bin/spectrum";
      };

      # The Nix library bound to this flake's nixpkgs (pkgsSet "nixpkgs"), for flakes that
      # describe images in Nix instead of a topology file.
      lib = import ./modules { inherit nixpkgs system; };
    };
}
