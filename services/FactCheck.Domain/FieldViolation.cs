namespace FactCheck.Domain;

/// <summary>One invalid field: its path in the request (as the contract names it) and what is wrong.</summary>
public sealed record FieldViolation(string Field, string Description);
