namespace FactCheck.Domain;

/// <summary>
/// Who is writing, under which idempotency key, and a fingerprint of what they asked for.
/// A request id is the caller's own (AIP-155): <see cref="IdempotencyKey"/> scopes it to the
/// caller and the operation, so two callers who pick the same id never see each other's results.
/// </summary>
public sealed record WriteContext(string Actor, string RequestId, string RequestFingerprint)
{
    /// <summary>The key a store records the first result under, or null when the request carries no id.</summary>
    public string? IdempotencyKey(string operation) =>
        string.IsNullOrEmpty(RequestId) ? null : $"{operation}:{Actor}:{RequestId}";
}
