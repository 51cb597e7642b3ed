using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>A claim the full-text index ranks for a match: its row, its id, and its score (higher is better; comparable only within one query).</summary>
public sealed record WordMatch(long Pk, string Id, double Score);

/// <summary>A claim's stored sentence embeddings: the model that made them, a hash of what they were made from, the vector of its text and that of its sources' titles (null without titles).</summary>
public sealed record StoredVector(string Model, long TextHash, float[] Vector, float[]? TitleVector);

/// <summary>The claims store's part in similar-claim matching: the ranked full-text query and the stored vectors.</summary>
public sealed partial class ClaimStore
{
    /// <summary>
    /// The claims whose text shares any of <paramref name="terms"/>, best first by the database's
    /// own ranking (bm25 on SQLite, ts_rank on PostgreSQL), at most <paramref name="limit"/>, in one
    /// of <paramref name="statuses"/> (none: any) and with <paramref name="tag"/> (null: any).
    /// </summary>
    public async Task<IReadOnlyList<WordMatch>> MatchWordsAsync(
        IReadOnlyList<string> terms, IReadOnlyCollection<ClaimStatus> statuses, string? tag, int limit, CancellationToken ct)
    {
        using var span = Trace("match_words");
        if (terms.Count == 0)
        {
            return [];
        }

        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (statuses.Count > 0)
        {
            conditions.Add($"c.status IN ({string.Join(", ", statuses.Select(s => (int)s))})");
        }

        if (!string.IsNullOrEmpty(tag))
        {
            conditions.Add("EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_pk = c.pk AND t.tag = @tag)");
            parameters.Add(("@tag", IndexedValues.Fold(tag)));
        }

        var (sql, match) = _search.RankedMatch(terms, conditions, limit);
        parameters.Add(("@match", match));
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var matches = new List<WordMatch>();
        while (await reader.ReadAsync(ct))
        {
            matches.Add(new WordMatch(reader.GetInt64(0), reader.GetString(1), Convert.ToDouble(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return matches;
    }

    /// <summary>The stored claims of <paramref name="claimIds"/> that exist, by id.</summary>
    public async Task<IReadOnlyDictionary<string, Claim>> GetManyAsync(IReadOnlyCollection<string> claimIds, CancellationToken ct)
    {
        using var span = Trace("get_many");
        var claims = new Dictionary<string, Claim>(claimIds.Count);
        if (claimIds.Count == 0)
        {
            return claims;
        }

        var names = claimIds.Select((_, i) => $"@id{i}").ToList();
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, $"SELECT document FROM claims WHERE id IN ({string.Join(", ", names)})",
            [.. claimIds.Select((id, i) => (names[i], (object?)id))]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var claim = ClaimDocuments.ReadClaim(reader.GetString(0));
            claims[claim.Id] = claim;
        }

        return claims;
    }

    /// <summary>How many claims are stored.</summary>
    public async Task<long> CountAsync(CancellationToken ct)
    {
        using var span = Trace("count");
        await using var connection = await OpenAsync(ct);
        return await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM claims", ct);
    }

    /// <summary>Every stored claim with its stored vector, if any, in row order: what the matching index starts from.</summary>
    public async IAsyncEnumerable<(Claim Claim, StoredVector? Vector)> ReadAllWithVectorsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var span = Trace("read_vectors");
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, """
            SELECT c.document, v.model, v.text_hash, v.vector, v.title_vector
            FROM claims c LEFT JOIN claim_vectors v ON v.claim_pk = c.pk
            ORDER BY c.pk
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var claim = ClaimDocuments.ReadClaim(reader.GetString(0));
            var vector = reader.IsDBNull(1) ? null
                : new StoredVector(reader.GetString(1), reader.GetInt64(2), FromBytes(reader.GetFieldValue<byte[]>(3)),
                    reader.IsDBNull(4) ? null : FromBytes(reader.GetFieldValue<byte[]>(4)));
            yield return (claim, vector);
        }
    }

    /// <summary>Stores (or replaces) the vectors of these claims in one transaction; a claim that is not stored is skipped.</summary>
    public async Task SaveVectorsAsync(IReadOnlyList<(string ClaimId, StoredVector Vector)> vectors, CancellationToken ct)
    {
        using var span = Trace("save_vectors");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginWriteAsync(connection, ct);
        foreach (var (claimId, vector) in vectors)
        {
            // A null typed as the column's type: PostgreSQL cannot infer one from the SELECT.
            await ExecuteAsync(connection, scope.Transaction, $"""
                INSERT INTO claim_vectors (claim_pk, model, text_hash, vector, title_vector)
                SELECT pk, @model, @hash, @vector, CAST(@titles AS {Dialect.Binary}) FROM claims WHERE id = @id
                ON CONFLICT (claim_pk) DO UPDATE
                SET model = excluded.model, text_hash = excluded.text_hash, vector = excluded.vector, title_vector = excluded.title_vector
                """, ct, ("@id", claimId), ("@model", vector.Model), ("@hash", vector.TextHash), ("@vector", ToBytes(vector.Vector)),
                ("@titles", vector.TitleVector is null ? null : ToBytes(vector.TitleVector)));
        }

        await scope.Transaction.CommitAsync(ct);
    }

    /// <summary>Rebuilds the full-text index from the stored documents, as migration 3 does (for tests that compare it with what writes index).</summary>
    internal async Task RebuildSearchIndexAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginWriteAsync(connection, ct);
        await ExecuteAsync(connection, scope.Transaction, _search.Rebuild, ct);
        await scope.Transaction.CommitAsync(ct);
    }

    private static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static float[] FromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
