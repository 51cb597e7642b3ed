using System.CommandLine;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Tls;

namespace FactCheck.Cli.Commands;

/// <summary>Options every command takes, each with an environment fallback where one makes sense.</summary>
public sealed class GlobalOptions
{
    public Option<string?> ClaimsUrl { get; } = new("--claims-url")
    {
        Description = $"Claims service address [env: FACTCHECK_CLAIMS_URL] [default: {ConnectionSettings.DefaultClaimsUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> VerificationUrl { get; } = new("--verification-url")
    {
        Description = $"Verification service address [env: FACTCHECK_VERIFICATION_URL] [default: {ConnectionSettings.DefaultVerificationUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key, sent as 'authorization: Bearer <key>' [env: FACTCHECK_API_KEY]",
        HelpName = "key",
        Recursive = true,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM file of the certificate authority to trust for https:// addresses, instead of the system's [env: FACTCHECK_CA_FILE]",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "table for people, json for scripts (JSON only on stdout, nothing else)",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    public Option<string?> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call: 30s, 1500ms, 2m or seconds [default: 30s; watch: none]",
        HelpName = "duration",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show error details (status, reason, metadata, stack trace)",
        Recursive = true,
    };

    public GlobalOptions()
    {
        Output.AcceptOnlyFromAmong("table", "json");
        Timeout.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && !Arguments.TryDuration(value, out _))
            {
                result.AddError($"--timeout: '{value}' is not a duration (30s, 1500ms, 2m or a number of seconds)");
            }
        });
    }

    public void AddTo(RootCommand root)
    {
        root.Options.Add(ClaimsUrl);
        root.Options.Add(VerificationUrl);
        root.Options.Add(ApiKey);
        root.Options.Add(CaFile);
        root.Options.Add(Output);
        root.Options.Add(Timeout);
        root.Options.Add(Verbose);
    }

    public OutputFormat Format(ParseResult parse) =>
        parse.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Table;

    public ConnectionSettings Settings(ParseResult parse, Func<string, string?> environment)
    {
        var timeoutText = parse.GetValue(Timeout);
        var timeout = ConnectionSettings.DefaultTimeout;
        if (timeoutText is not null && !Arguments.TryDuration(timeoutText, out timeout))
        {
            throw new UsageException($"--timeout: '{timeoutText}' is not a duration");
        }

        return new ConnectionSettings(
            Address(parse.GetValue(ClaimsUrl), environment("FACTCHECK_CLAIMS_URL"), ConnectionSettings.DefaultClaimsUrl, "--claims-url", "FACTCHECK_CLAIMS_URL"),
            Address(parse.GetValue(VerificationUrl), environment("FACTCHECK_VERIFICATION_URL"), ConnectionSettings.DefaultVerificationUrl, "--verification-url", "FACTCHECK_VERIFICATION_URL"),
            NullIfEmpty(parse.GetValue(ApiKey)) ?? NullIfEmpty(environment("FACTCHECK_API_KEY")),
            timeout,
            timeoutText is not null,
            Ca(parse.GetValue(CaFile), environment("FACTCHECK_CA_FILE")));
    }

    private static Uri Address(string? option, string? environment, string fallback, string optionName, string variable)
    {
        var (value, from) = !string.IsNullOrEmpty(option) ? (option, optionName)
            : !string.IsNullOrEmpty(environment) ? (environment, variable)
            : (fallback, "default");
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{from}: '{value}' is not an http:// or https:// address");
        }

        return uri;
    }

    /// <summary>Read now, so a wrong file is a usage error before anything is sent.</summary>
    private static TrustedCa? Ca(string? option, string? environment)
    {
        var (path, from) = !string.IsNullOrWhiteSpace(option) ? (option, "--ca-file")
            : !string.IsNullOrWhiteSpace(environment) ? (environment, "FACTCHECK_CA_FILE")
            : (null, null);
        try
        {
            return path is null ? null : TrustedCa.Load(path, from!);
        }
        catch (TrustedCaException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
