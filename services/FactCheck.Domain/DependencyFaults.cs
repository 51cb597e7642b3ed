namespace FactCheck.Domain;

/// <summary>
/// Something a service cannot work without (its database), as the one place that tells its
/// failures from the service's own: a failure that is the dependency's (unreachable, a lost
/// connection, a timeout, a full disk) becomes the refusal a caller gets (UNAVAILABLE with a
/// retry delay, RESOURCE_EXHAUSTED for a full disk) and is counted, so the log says once that the
/// dependency went away and once that it returned, not once per call. Anything else is not its
/// fault and stays a failure of the service (INTERNAL).
/// </summary>
public interface IDependencyFaults
{
    /// <summary>What the messages call it ("claims database").</summary>
    string Dependency { get; }

    /// <summary>True while its storage is full: reads go on, writes are refused.</summary>
    bool IsFull { get; }

    /// <summary>
    /// The refusal a caller gets for <paramref name="failure"/> when it is this dependency's
    /// fault, with the failure counted; null when it is not.
    /// </summary>
    RefusalException? Refusal(Exception failure);

    /// <summary>The dependency answered a round trip: it is reachable again, if it was not.</summary>
    void Answered();
}
