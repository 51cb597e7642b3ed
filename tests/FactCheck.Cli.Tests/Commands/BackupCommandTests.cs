using FactCheck.Cli.Tests.Support;
using FactCheck.Testing;
using Microsoft.Data.Sqlite;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>`factcheck admin backup` against both real services in memory, on their SQLite files.</summary>
public sealed class BackupCommandTests
{
    [Fact]
    public async Task Backup_writes_both_services_copies_under_one_id_and_prints_name_path_and_size()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);

        var result = await cli.OkAsync("admin", "backup", "--id", "nightly-1");

        var lines = result.Lines;
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^claims: backups/nightly-1  (\S+claims\.db)  [1-9][0-9]* bytes  newest event 1  webhook keys \S+webhook-keys$", lines[0]);
        Assert.Matches(@"^verification: backups/nightly-1  (\S+verification\.db)  [1-9][0-9]* bytes$", lines[1]);
        var claimsCopy = lines[0].Split("  ")[1];
        Assert.Equal(Path.Combine(services.Folder.Path, "backups", "nightly-1", "claims", "claims.db"), claimsCopy);
        Assert.True(File.Exists(lines[1].Split("  ")[1]), result.ToString());

        // The copy is a database holding what was acknowledged.
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = claimsCopy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync();
        await using var count = copy.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM claims";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Without_an_id_both_parts_share_the_one_the_claims_service_chose_and_json_names_each_service()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var json = (await cli.OkAsync("admin", "backup", "--output", "json")).Json();

        var claimsName = json.GetProperty("claims").GetProperty("name").GetString()!;
        Assert.Matches("^backups/backup-[0-9]{8}t[0-9]{9}z$", claimsName);
        Assert.Equal(claimsName, json.GetProperty("verification").GetProperty("name").GetString());
        Assert.Equal("DATABASE_KIND_SQLITE", json.GetProperty("verification").GetProperty("databaseKind").GetString());
        Assert.EndsWith("verification.db", json.GetProperty("verification").GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_service_a_taken_id_and_a_malformed_id_are_answered_by_exit_codes_naming_the_problem()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var claimsOnly = await cli.OkAsync("admin", "backup", "--service", "claims", "--id", "before-upgrade");
        Assert.StartsWith("claims: backups/before-upgrade  ", Assert.Single(claimsOnly.Lines), StringComparison.Ordinal);

        var taken = await cli.ExpectAsync(1, "admin", "backup", "--service", "claims", "--id", "before-upgrade");
        Assert.Contains("backups/before-upgrade", taken.Error, StringComparison.Ordinal);
        Assert.Contains("already", taken.Error, StringComparison.Ordinal);

        var malformed = await cli.ExpectAsync(1, "admin", "backup", "--service", "verification", "--id", "../etc");
        Assert.Contains("backup_id", malformed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_below_admin_is_refused_and_the_admin_key_is_taken()
    {
        await using var services = new ServicePair(secured: true);

        var desk = await new CliRunner(services).ExpectAsync(1, "admin", "backup", "--api-key", TestKeys.Desk.Key);
        Assert.StartsWith("error: the claims service says the API key may not do this", desk.Error, StringComparison.Ordinal);

        var admin = await new CliRunner(services).OkAsync("admin", "backup", "--api-key", TestKeys.Admin.Key);
        Assert.Equal(2, admin.Lines.Length);
    }
}
