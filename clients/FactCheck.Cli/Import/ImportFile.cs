using System.Security.Cryptography;
using System.Text.Json;
using FactCheck.Domain;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Cli.Import;

/// <summary>
/// Reads an import file (docs/cli.md, "Import file format") into CreateClaim requests, parents first.
/// Everything is checked before anything is written, and every problem is reported with its
/// place in the file: its shape by <see cref="ImportSchema"/>, its claims by the claims
/// service's own rules through <see cref="ImportValidation"/>, so a file that validates is
/// accepted; the service still has the last word (parents in the service, existing claims).
/// </summary>
public static class ImportFile
{
    public sealed record Result(IReadOnlyList<ImportEntry> Entries, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<(string Path, string Parent)> ExternalParents, JsonLocator Locator);

    /// <summary>Reads and checks the file. Entries come parents first, and only when there is no problem. Syntax errors are one problem at their position.</summary>
    public static Result Parse(byte[] utf8)
    {
        JsonLocator locator;
        JsonDocument document;
        try
        {
            locator = JsonLocator.Index(utf8);
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var position = $"{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}";
            return new Result([], [new ImportProblem("", position, "not valid JSON: " + FirstSentence(e.Message))], [], NoFile());
        }

        using (document)
        {
            var problems = new ImportProblems(locator);
            return Checked(ImportSchema.Read(document.RootElement, problems), problems, locator);
        }
    }

    /// <summary>
    /// Checks claims that were made rather than read (`factcheck extract`'s proposals) exactly as
    /// the claims of a file are checked, and makes the same requests of them. There is no file, so
    /// a problem's position says nothing; its path ("claims[2].text") does.
    /// </summary>
    internal static Result Check(IReadOnlyList<ImportDraft> drafts)
    {
        var noFile = NoFile();
        return Checked(drafts, new ImportProblems(noFile), noFile);
    }

    /// <summary>A locator for what is not a readable file: every path is at 1:1.</summary>
    private static JsonLocator NoFile() => JsonLocator.Index("{}"u8.ToArray());

    private static Result Checked(IReadOnlyList<ImportDraft> drafts, ImportProblems problems, JsonLocator locator)
    {
        var externalParents = ImportValidation.Check(drafts, problems);
        var ordered = problems.Count == 0 ? ImportOrder.ParentsFirst(drafts, problems) : [];
        var entries = problems.Count == 0 ? ordered.Select(Entry).ToList() : [];
        return new Result(entries, problems.All, externalParents, locator);
    }

    /// <summary>
    /// The idempotency key of one entry: a digest of the request it sends, so the same entry
    /// imported again carries the same key and a changed entry a new one.
    /// </summary>
    public static string RequestId(Api.CreateClaimRequest request)
    {
        var copy = request.Clone();
        copy.RequestId = "";
        return "import-" + Convert.ToHexStringLower(SHA256.HashData(copy.ToByteArray()), 0, 16);
    }

    private static ImportEntry Entry(ImportDraft draft)
    {
        var claim = Message(draft);

        // Entries without an id get one derived from their content, so that a second import
        // finds them again instead of creating a twin. The digest is of the message as sent, so
        // ids derived by earlier versions of the tool stay the same.
        var request = new Api.CreateClaimRequest { Claim = claim, ClaimId = draft.Id ?? DerivedId(claim) };
        request.RequestId = RequestId(request);
        return new ImportEntry(draft.Index, draft.Id, request);
    }

    /// <summary>The claim as CreateClaim carries it, with its parent as a claim name.</summary>
    private static Api.Claim Message(ImportDraft draft)
    {
        var content = draft.Content;
        var claim = new Api.Claim
        {
            Text = content.Text,
            Speaker = content.Speaker,
            Language = content.Language,
            Status = draft.Pending ? Api.ClaimStatus.Pending : Api.ClaimStatus.Unspecified,
            DueTime = Time(content.DueTime),
            Parent = draft.ParentRef is not { } parentRef ? ""
                : ImportValidation.IsServiceName(parentRef) ? parentRef
                : ClaimName.Of(parentRef),
        };
        claim.Sources.AddRange(content.Sources.Select(s => new Api.Source
        {
            Url = s.Url,
            Title = s.Title,
            Publisher = s.Publisher,
            Quote = s.Quote,
            PublishedTime = Time(s.PublishedTime),
        }));
        claim.RequiredParties.AddRange(content.RequiredParties);
        claim.Tags.AddRange(content.Tags);
        return claim;
    }

    private static Timestamp? Time(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    private static string DerivedId(Api.Claim claim) =>
        "c-" + Convert.ToHexStringLower(SHA256.HashData(claim.ToByteArray()), 0, 10);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
