namespace FactCheck.Domain;

/// <summary>What a verdict or a status change rests on: a link, the passage quoted from it, when it was seen.</summary>
public sealed record Evidence(string Url, string Quote, DateTimeOffset? ObservedTime);

/// <summary>A requested status change, as UpdateClaimStatus carries it.</summary>
public sealed record StatusChange(ClaimStatus Status, string Detail, string Reason, IReadOnlyList<Evidence> Evidence);
