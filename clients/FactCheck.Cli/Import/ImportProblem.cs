using FactCheck.Contracts.V1;
using FactCheck.Domain;

namespace FactCheck.Cli.Import;

/// <summary>One bad field: its path in the file, its line:column, and what is wrong.</summary>
public sealed record ImportProblem(string Path, string Position, string Message)
{
    public override string ToString() => $"{Position}: {Path}: {Message}";
}

/// <summary>One claim of the file, ready to send: the CreateClaim request (parent already a claim name) and its idempotency key.</summary>
public sealed record ImportEntry(int Index, string? LocalId, CreateClaimRequest Request)
{
    public string Name => ClaimName.Of(Request.ClaimId);
}

/// <summary>The problems found in one file so far, each placed at its line and column.</summary>
internal sealed class ImportProblems(JsonLocator locator)
{
    private readonly List<ImportProblem> _problems = [];

    public IReadOnlyList<ImportProblem> All => _problems;

    public int Count => _problems.Count;

    public void Add(string path, string message) => _problems.Add(new ImportProblem(path, locator.Position(path), message));

    /// <summary>
    /// Whether a problem was already reported at <paramref name="path"/> or at a value that
    /// encloses it: a value the file's reader could not read says so once, and the claims rules'
    /// complaints about what stood in for it would only repeat that.
    /// </summary>
    public bool Covers(string path) => _problems.Any(p =>
        path == p.Path
        || (path.StartsWith(p.Path, StringComparison.Ordinal) && path.Length > p.Path.Length && path[p.Path.Length] is '.' or '['));
}
