namespace FactCheck.Domain;

/// <summary>A published piece that reports a claim.</summary>
public sealed record Source(string Url, string Title, string Publisher, DateTimeOffset? PublishedTime, string Quote);

/// <summary>What an editor controls: everything about a claim except its status.</summary>
public sealed record ClaimContent(
    string Text,
    string Speaker,
    IReadOnlyList<Source> Sources,
    IReadOnlyList<string> RequiredParties,
    DateTimeOffset? DueTime,
    string? ParentId,
    IReadOnlyList<string> Tags,
    string Language);

/// <summary>A stored claim. <see cref="Revision"/> grows by one on every write and backs the etag.</summary>
public sealed record Claim(
    string Id,
    ClaimContent Content,
    ClaimStatus Status,
    string StatusDetail,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    long Revision)
{
    public string Etag => $"\"{Revision}\"";
}
