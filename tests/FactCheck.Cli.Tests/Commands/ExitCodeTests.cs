using FactCheck.Cli.Tests.Support;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>Every exit code, and errors as one readable line that names the field (a stack trace only with --verbose).</summary>
public sealed class ExitCodeTests
{
    private static string[] AddArgs(string id, params string[] more) =>
        ["claims", "add", "--id", id, "--text", "A claim.", "--source", "https://example.org/x", .. more];

    [Fact]
    public async Task Exit_0_on_success()
    {
        await using var services = new ServicePair(secured: false);
        var result = await new CliRunner(services).ExpectAsync(0, AddArgs("one"));
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Exit_1_names_each_bad_field_from_the_servers_BadRequest()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var result = await cli.ExpectAsync(1, "claims", "add", "--text", "A claim.", "--source", "/relative", "--tag", "not a tag", "--language", "english!");

        Assert.Equal(
            "error: claim.sources[0].url: must be an absolute http or https URL (got '/relative'); "
            + "claim.tags[0]: may contain only letters, digits, '.', '_' and '-' (got 'not a tag'); "
            + "claim.language: must be a BCP-47 language tag such as 'en' or 'pt-BR'\n",
            result.Error);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Exit_1_for_not_found_already_exists_and_stale_etag()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await cli.OkAsync(AddArgs("one"));

        var missing = await cli.ExpectAsync(1, "claims", "get", "nothing-here");
        Assert.Equal("error: claim 'claims/nothing-here' does not exist\n", missing.Error);

        var taken = await cli.ExpectAsync(1, AddArgs("one"));
        Assert.StartsWith("error: ", taken.Error, StringComparison.Ordinal);
        Assert.Contains("one", taken.Error, StringComparison.Ordinal);

        var stale = await cli.ExpectAsync(1, "claims", "edit", "one", "--text", "New text.", "--etag", "W/\"0\"");
        Assert.StartsWith("error: ", stale.Error, StringComparison.Ordinal);
        Assert.Single(stale.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Exit_1_when_the_key_is_missing_or_too_weak_and_the_key_comes_from_option_or_environment()
    {
        await using var services = new ServicePair(secured: true);

        var anonymous = await new CliRunner(services).ExpectAsync(1, "claims", "list");
        Assert.StartsWith("error: the claims service refused the API key", anonymous.Error, StringComparison.Ordinal);
        Assert.Contains("FACTCHECK_API_KEY", anonymous.Error, StringComparison.Ordinal);

        var reader = await new CliRunner(services).ExpectAsync(1, [.. AddArgs("one"), "--api-key", TestKeys.Reader.Key]);
        Assert.StartsWith("error: the claims service says the API key may not do this", reader.Error, StringComparison.Ordinal);

        var desk = new CliRunner(services, new Dictionary<string, string> { ["FACTCHECK_API_KEY"] = TestKeys.Desk.Key });
        await desk.OkAsync(AddArgs("one", "--pending", "--party", "Washington"));
        await desk.OkAsync("verify", "confirm", "one", "--party", "Washington", "--quote", "Yes.");
        // The option wins over the environment.
        await desk.ExpectAsync(1, "verify", "confirm", "one", "--party", "Washington", "--quote", "Yes.", "--api-key", TestKeys.Reader.Key);
    }

    [Theory]
    [InlineData("claims", "lst")]
    [InlineData("claims", "list", "--status", "maybe")]
    [InlineData("claims", "list", "--order", "random")]
    [InlineData("claims", "list", "--due-before", "next tuesday")]
    [InlineData("claims", "list", "--timeout", "soon")]
    [InlineData("claims", "list", "--page-size", "1000")]
    [InlineData("claims", "get")]
    [InlineData("claims", "get", "claims/a/b")]
    [InlineData("claims", "add", "--text", "no source")]
    [InlineData("claims", "add", "--text", "t", "--source", "https://example.org/x", "--source-title", "a", "--source-title", "b")]
    [InlineData("claims", "list", "--overdue", "--status", "pending")]
    [InlineData("verify", "confirm", "agreement", "--quote", "no party")]
    [InlineData("export", "--format", "rdf")]
    [InlineData("import", "no-such-file.json")]
    public async Task Exit_2_for_bad_usage_before_anything_is_sent(params string[] args)
    {
        // No services at all: a usage error must not need them.
        var result = await new CliRunner(null).RunAsync([.. args, "--claims-url", CliRunner.ClosedAddress()]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Out);
        Assert.NotEqual("", result.Error);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_2_for_a_malformed_address_in_the_environment()
    {
        var result = await new CliRunner(null, new Dictionary<string, string> { ["FACTCHECK_CLAIMS_URL"] = "127.0.0.1:5101" }).ExpectAsync(2, "claims", "list");
        Assert.Equal("error: FACTCHECK_CLAIMS_URL: '127.0.0.1:5101' is not an http:// or https:// address\n", result.Error);
    }

    [Fact]
    public async Task Exit_3_when_the_claims_service_is_unreachable()
    {
        var address = CliRunner.ClosedAddress();
        var result = await new CliRunner(null).ExpectAsync(3, "claims", "list", "--claims-url", address);

        Assert.Equal($"error: cannot reach the claims service at {address}/ (is it running? set --claims-url or FACTCHECK_CLAIMS_URL)\n", result.Error);
    }

    [Fact]
    public async Task Exit_3_when_a_call_outlives_the_timeout()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services) { Delay = TimeSpan.FromSeconds(20) };

        // The server would answer only after 20 s; the deadline's own message shows it ended the call.
        var result = await cli.ExpectAsync(3, "claims", "list", "--timeout", "300ms");

        Assert.Equal("error: the claims service at http://claims.test/ did not answer in time (raise --timeout if it is busy)\n", result.Error);
    }

    [Fact]
    public async Task Exit_130_when_interrupted_during_a_call()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services) { Delay = TimeSpan.FromSeconds(20) };
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await cli.RunAsync(["claims", "list"], new LiveWriter(), interrupt.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("interrupted\n", result.Error);
    }

    [Fact]
    public async Task Exit_2_when_the_export_file_cannot_be_written()
    {
        await using var services = new ServicePair(secured: false);
        var result = await new CliRunner(services).ExpectAsync(2, "export", "--file", "/nonexistent-dir/out.json");
        Assert.StartsWith("error: Could not find a part of the path", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_adds_status_reason_and_trace()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var result = await cli.ExpectAsync(1, "claims", "get", "nothing-here", "--verbose");

        var lines = result.Error.Split('\n');
        Assert.Equal("error: claim 'claims/nothing-here' does not exist", lines[0]);
        Assert.Contains("  service: claims service at http://claims.test/", lines);
        Assert.Contains("  status: NotFound (5)", lines);
        Assert.Contains("  reason: CLAIM_NOT_FOUND (domain claims.factcheck.v1)", lines);
        Assert.Contains(lines, l => l.StartsWith("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_documents_the_exit_codes_and_environment()
    {
        var result = await new CliRunner(null).OkAsync("--help");

        // The usage line names the running executable: factcheck when installed, the test host here.
        Assert.Matches(@"Usage:\n  \S+ \[command\] \[options\]", result.Out);
        Assert.Contains("Commands:\n  claims ", result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:\n  0    success\n  1    a service said no", result.Out, StringComparison.Ordinal);
        Assert.Contains("  2    bad usage", result.Out, StringComparison.Ordinal);
        Assert.Contains("  3    a service is unreachable, did not answer within --timeout, or its TLS certificate is not trusted", result.Out, StringComparison.Ordinal);
        Assert.Contains("FACTCHECK_CLAIMS_URL, FACTCHECK_VERIFICATION_URL, FACTCHECK_API_KEY, FACTCHECK_CA_FILE", result.Out, StringComparison.Ordinal);

        var sub = await new CliRunner(null).OkAsync("verify", "confirm", "--help");
        Assert.Contains("--evidence-url <url>", sub.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", sub.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_address_is_bad_usage_even_for_the_service_a_command_does_not_call()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services, new Dictionary<string, string> { ["FACTCHECK_VERIFICATION_URL"] = "not even a url" });

        // The verification address is checked when read, so a command of the claims service alone
        // still fails on a malformed one: better to say so than to use it later by surprise.
        var result = await cli.ExpectAsync(2, "claims", "list");
        Assert.Contains("FACTCHECK_VERIFICATION_URL", result.Error, StringComparison.Ordinal);
    }
}
