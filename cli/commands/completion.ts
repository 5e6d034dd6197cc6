// `spectrum completion bash|zsh|fish`: a completion script whose every answer comes from
// `spectrum __complete -- WORDS…` (complete-words.ts), so the shells share one logic.
import type { Command } from 'commander';
import { UserError } from '../diagnostics.js';
import { term } from '../output/term.js';
import { completeWords } from './complete-words.js';

const SCRIPTS: Record<string, string> = {
  bash: `# bash completion for spectrum. Load it with: source <(spectrum completion bash)
# or save it as ~/.local/share/bash-completion/completions/spectrum
_spectrum() {
  local IFS=$'\\n'
  COMPREPLY=($(spectrum __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  # A directory is a step on the way: no space after it.
  if [[ \${#COMPREPLY[@]} -eq 1 && \${COMPREPLY[0]} == */ ]]; then compopt -o nospace; fi
}
complete -F _spectrum spectrum
`,
  zsh: `#compdef spectrum
# zsh completion for spectrum. Load it with: source <(spectrum completion zsh)
# or save it as _spectrum in a directory of your $fpath
_spectrum() {
  local -a found
  found=("\${(@f)$(spectrum __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  found=(\${found:#})
  # A directory is a step on the way: no space after it.
  compadd -S '' -- \${(M)found:#*/}
  compadd -- \${found:#*/}
}
compdef _spectrum spectrum
`,
  fish: `# fish completion for spectrum. Load it with: spectrum completion fish | source
# or save it as ~/.config/fish/completions/spectrum.fish
complete -c spectrum -f -a '(spectrum __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
};

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('Print the completion script for bash, zsh or fish (commands, flags, build targets with the topology\'s VM names, files)')
    .argument('<shell>', 'bash | zsh | fish')
    .action((shell: string) => {
      const script = SCRIPTS[shell];
      if (!script) throw new UserError(term`no completion for shell ${shell}`, 'choose bash, zsh or fish');
      process.stdout.write(script);
    });
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .action(async (words: string[]) => {
      const found = await completeWords(program, words.length ? words : [''], process.cwd());
      if (found.length) process.stdout.write(`${found.join('\n')}\n`);
    });
}
