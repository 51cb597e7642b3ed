using FactCheck.Testing;

namespace FactCheck.Verification.Tests.Support;

/// <summary>Tests that need PostgreSQL share one throwaway cluster per test run; each makes its own databases.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
