using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Domain;

namespace FactCheck.Cli.Commands.Keys;

/// <summary>
/// `factcheck keys new`: a new random API key, shown once, with the settings that make a service
/// accept it. It talks to no service: a service stores only the key's SHA-256, so the key itself
/// exists only in this output and with whoever it is given to.
/// </summary>
public static class NewKeyCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var name = new Option<string>("--name")
        {
            Description = $"The key's name, recorded as the actor in claim history: {ApiKeys.NameRule}",
            Required = true,
            HelpName = "name",
        };
        var role = new Option<string>("--role")
        {
            Description = "reader (get, list, history, watch, summaries), editor (+ create and edit claims), verifier (+ verdicts and status changes) or admin (+ backups)",
            Required = true,
            HelpName = "role",
        };
        name.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && !ApiKeys.IsValidName(value))
            {
                result.AddError($"--name: '{value}' is not a key name: {ApiKeys.NameRule}");
            }
        });
        role.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && !ApiKeys.TryParseRole(value, out _))
            {
                result.AddError($"--role: '{value}' is not a role: give reader, editor, verifier or admin");
            }
        });

        var command = new Command("new", "Make a new API key and print it once, with the settings that configure a service to accept it (only its SHA-256)");
        command.AddOptions(name, role);
        command.SetAction(CliApp.Handler(host, options, context =>
        {
            var keyName = context.Value(name);
            if (!ApiKeys.TryParseRole(context.Value(role), out var keyRole))
            {
                // The option's validator has said so already; this only satisfies the compiler.
                throw new UsageException($"--role: '{context.Value(role)}' is not a role");
            }

            var key = ApiKeys.NewKey();
            var settings = new NewKeySettings(keyName, keyRole.Value, ApiKeys.Sha256Hex(key));

            context.Output.Show(() => settings.Json(key), _ =>
            {
                foreach (var line in settings.Lines(key))
                {
                    context.Output.Say(line);
                }
            });
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    /// <summary>The settings for one new key, in each form a service reads them.</summary>
    private sealed record NewKeySettings(string KeyName, Role KeyRole, string Hash)
    {
        private Dictionary<string, string> Environment => new()
        {
            [$"Auth__Keys__{KeyName}__Role"] = KeyRole.ToString(),
            [$"Auth__Keys__{KeyName}__Sha256"] = Hash,
        };

        private JsonObject AppSettings() => new()
        {
            ["Auth"] = new JsonObject { ["Keys"] = new JsonObject { [KeyName] = new JsonObject { ["Role"] = KeyRole.ToString(), ["Sha256"] = Hash } } },
        };

        public JsonObject Json(string key) => new()
        {
            ["name"] = KeyName,
            ["role"] = KeyRole.ToString(),
            ["key"] = key,
            ["sha256"] = Hash,
            ["environment"] = new JsonObject(Environment.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
            ["appsettings"] = AppSettings(),
        };

        public IEnumerable<string> Lines(string key)
        {
            yield return $"New {KeyRole} key '{KeyName}'. It is shown only this once: the services keep only its SHA-256.";
            yield return "";
            yield return $"  {key}";
            yield return "";
            yield return "Give it to its user (factcheck --api-key, or FACTCHECK_API_KEY). Configure both services with either form:";
            yield return "";
            yield return "Environment variables (or files of these names in the folder Auth__KeysDirectory names):";
            foreach (var (setting, value) in Environment)
            {
                yield return $"  {setting}={value}";
            }

            if (KeyName.Contains('-', StringComparison.Ordinal))
            {
                yield return "  (a shell cannot export a name with '-': pass these with env(1), docker compose or files)";
            }

            yield return "";
            yield return "appsettings.json:";
            foreach (var line in JsonOutput.Pretty(AppSettings()).Split('\n'))
            {
                yield return $"  {line}";
            }
        }
    }
}
