namespace FactCheck.Cli.Errors;

/// <summary>
/// The exit codes scripts can rely on. They are part of the tool's contract: documented in
/// <c>--help</c> and docs/cli.md, and each one is covered by a test.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A service answered with a refusal: not found, invalid, precondition, conflict, denied.</summary>
    public const int Refused = 1;

    /// <summary>The command line or a file named on it is wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>A service could not be reached or did not answer in time.</summary>
    public const int Unreachable = 3;

    /// <summary>Ctrl+C or SIGTERM stopped a command that was not meant to run until stopped (the shell convention, 128 + SIGINT).</summary>
    public const int Interrupted = 130;

    public const string HelpText =
        """
        Exit codes:
          0    success
          1    a service said no (not found, invalid argument, failed precondition, already exists,
               aborted by a concurrent change, permission denied, unauthenticated); also `claims add`
               of a likely duplicate of a tracked claim
          2    bad usage: unknown command or option, a malformed value, an import file that does not validate
          3    a service is unreachable, did not answer within --timeout, or its TLS certificate is not trusted
          130  interrupted by Ctrl+C (`claims watch` ends with 0: Ctrl+C is how it stops)

        Environment: FACTCHECK_CLAIMS_URL, FACTCHECK_VERIFICATION_URL, FACTCHECK_API_KEY, FACTCHECK_CA_FILE; NO_COLOR turns colours off.
        """;
}
