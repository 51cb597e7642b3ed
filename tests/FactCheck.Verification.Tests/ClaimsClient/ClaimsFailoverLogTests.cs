using FactCheck.Testing;
using FactCheck.Verification.ClaimsClient;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Tests.ClaimsClient;

/// <summary>
/// The line the verification service writes when the channel's balancer moves calls to another
/// claims replica; which replica that is comes from the request the balancer has pointed there.
/// </summary>
public sealed class ClaimsFailoverLogTests : IDisposable
{
    private readonly CapturedLog _log = new();
    private readonly LoggerFactory _loggers;
    private readonly ClaimsFailoverLog _failover;

    public ClaimsFailoverLogTests()
    {
        var options = Options.Create(new ClaimsClientOptions { Url = "http://claims-a:5101;http://claims-b:5101" });
        _loggers = new LoggerFactory([_log]);
        _failover = new ClaimsFailoverLog(new ClaimsAddressList(options), _loggers.CreateLogger<ClaimsGateway>());
    }

    public void Dispose()
    {
        _loggers.Dispose();
        _log.Dispose();
    }

    [Fact]
    public void Calls_answered_by_the_first_address_say_nothing()
    {
        _failover.Answered(new Uri("http://claims-a:5101/factcheck.v1.ClaimsService/GetClaim"));

        Assert.Empty(_log.Lines);
    }

    [Fact]
    public void Moving_down_the_list_is_a_warning_once_and_moving_back_a_note()
    {
        _failover.Answered(new Uri("http://claims-b:5101/factcheck.v1.ClaimsService/GetClaim"));
        _failover.Answered(new Uri("http://claims-b:5101/factcheck.v1.ClaimsService/UpdateClaimStatus"));
        _failover.Answered(new Uri("http://claims-a:5101/factcheck.v1.ClaimsService/GetClaim"));

        Assert.Equal(
            [
                (LogLevel.Warning, "Claims service at http://claims-a:5101/ did not answer; calls now go to http://claims-b:5101/ first"),
                (LogLevel.Information, "Claims service at http://claims-a:5101/ answers again; calls go back to it from http://claims-b:5101/"),
            ],
            _log.Lines.Select(l => (l.Level, l.Message)));
    }
}
