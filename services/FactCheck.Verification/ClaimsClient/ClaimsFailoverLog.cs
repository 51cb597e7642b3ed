namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// Says when calls to the claims service move to another replica. The channel's pick_first
/// balancer chooses the replica and logs nothing above Debug; this watches where calls are
/// answered from (<see cref="FailoverLogHandler"/>) and writes one line each time that changes,
/// starting from the first address, where calls go while it answers: a warning when calls move
/// down the list (the replica in use stopped answering), a note when they move back up (pick_first
/// connects from the top of the list again whenever its connection ends, and the earlier replica
/// is back).
/// </summary>
internal sealed class ClaimsFailoverLog(ClaimsAddressList list, ILogger<ClaimsGateway> logger)
{
    private readonly IReadOnlyList<Uri> _addresses = list.Addresses;
    private int _current;

    /// <summary>A call sent to <paramref name="requestUri"/> (the replica the balancer picked) was answered.</summary>
    public void Answered(Uri? requestUri)
    {
        if (_addresses.Count < 2 || requestUri is null)
        {
            return;
        }

        var index = IndexOf(requestUri);
        var previous = Volatile.Read(ref _current);
        if (index < 0 || index == previous || Interlocked.CompareExchange(ref _current, index, previous) != previous)
        {
            return;
        }

        if (index > previous)
        {
            logger.FailedOver(_addresses[previous], _addresses[index]);
        }
        else
        {
            logger.BackTo(_addresses[index], _addresses[previous]);
        }
    }

    private int IndexOf(Uri requestUri)
    {
        for (var i = 0; i < _addresses.Count; i++)
        {
            if (string.Equals(_addresses[i].IdnHost, requestUri.IdnHost, StringComparison.OrdinalIgnoreCase) && _addresses[i].Port == requestUri.Port)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// Sits inside the channel's balancer, which has already pointed the request at the replica it
/// picked, and reports each answered call to <see cref="ClaimsFailoverLog"/>.
/// </summary>
internal sealed class FailoverLogHandler(ClaimsFailoverLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        log.Answered(request.RequestUri);
        return response;
    }
}
