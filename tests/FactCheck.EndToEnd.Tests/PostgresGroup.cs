using FactCheck.Testing;

namespace FactCheck.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
