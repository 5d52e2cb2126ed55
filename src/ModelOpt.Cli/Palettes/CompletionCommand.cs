using System.CommandLine;
using System.Text;

namespace ModelOpt.Cli.Palettes;

/// <summary>
/// <c>mopt completion bash|zsh|fish</c>: a completion script for the shell, made from the command tree itself (so it
/// never lags behind a new command): commands, then the options of the command typed so far; files elsewhere.
/// </summary>
public static class CompletionCommand
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public static Command Create(PaletteContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong(Shells);
        var command = new ExampleCommand("completion", "print a shell completion script (bash: source <(mopt completion bash); zsh likewise; fish: mopt completion fish | source)",
            "mopt completion bash > ~/.local/share/bash-completion/completions/mopt")
        {
            shell,
        };
        command.SetAction(result =>
        {
            var root = (RootCommand)result.RootCommandResult.Command;
            var table = Table(root);
            context.Io.Out.Write(result.GetValue(shell) switch
            {
                "fish" => Fish(table),
                "zsh" => "autoload -U +X bashcompinit && bashcompinit\n" + Bash(table),
                _ => Bash(table),
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>For each command path ("" for mopt itself, "search submit"), the words that may follow it.</summary>
    public static IReadOnlyList<(string Path, IReadOnlyList<string> Words)> Table(RootCommand root)
    {
        var rows = new List<(string, IReadOnlyList<string>)>();
        void Visit(Command command, string path, IReadOnlyList<Option> inherited)
        {
            var recursive = inherited.Concat(command.Options.Where(o => o.Recursive)).ToList();
            var options = command.Options.Concat(inherited).Where(o => !o.Hidden).SelectMany(o => new[] { o.Name }.Concat(o.Aliases)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
            var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            rows.Add((path, [.. subcommands.Concat(options).Distinct()]));
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden)) Visit(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}", recursive);
        }
        Visit(root, "", []);
        return rows;
    }

    private static string Bash(IReadOnlyList<(string Path, IReadOnlyList<string> Words)> table)
    {
        var script = new StringBuilder();
        script.Append("# mopt completion for bash (from: mopt completion bash)\n_mopt_words() {\n  case \"$1\" in\n");
        foreach (var (path, words) in table) script.Append($"    \"{path}\") echo \"{string.Join(' ', words)}\" ;;\n");
        script.Append("""
              esac
            }
            _mopt() {
              local cur="${COMP_WORDS[COMP_CWORD]}" path="" next w i
              for ((i = 1; i < COMP_CWORD; i++)); do
                w="${COMP_WORDS[i]}"
                [[ "$w" == -* ]] && continue
                next="${path:+$path }$w"
                [[ -n "$(_mopt_words "$next")" ]] && path="$next"
              done
              COMPREPLY=($(compgen -W "$(_mopt_words "$path")" -- "$cur"))
            }
            complete -o default -F _mopt mopt

            """);
        return script.ToString();
    }

    private static string Fish(IReadOnlyList<(string Path, IReadOnlyList<string> Words)> table)
    {
        var script = new StringBuilder();
        script.Append("# mopt completion for fish (from: mopt completion fish)\nfunction __mopt_words\n    switch \"$argv[1]\"\n");
        foreach (var (path, words) in table) script.Append($"        case '{path}'\n            printf '%s\\n' {string.Join(' ', words)}\n");
        script.Append("""
                end
            end
            function __mopt_complete
                set -l path ''
                for w in (commandline -opc)[2..-1]
                    string match -q -- '-*' $w; and continue
                    set -l next (string trim -- "$path $w")
                    test -n "$(__mopt_words $next)"; and set path $next
                end
                __mopt_words $path
            end
            complete -c mopt -a '(__mopt_complete)'

            """);
        return script.ToString();
    }
}
