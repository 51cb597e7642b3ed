using FactCheck.Claims.Storage;

namespace FactCheck.Claims.Application;

/// <summary>An edit of a claim's content: which claim, the etag the editor read (null: any), the fields and values, and who writes it.</summary>
public sealed record ContentEdit(string ClaimId, string? Etag, ClaimEdit Edit, WriteContext Write);

/// <summary>
/// Editing a claim's content: the fields the edit names are checked against the service's limits
/// once, outside the write lock (the fields it does not name keep their stored, valid values); the
/// store's transaction decides what needs the stored claim (it exists, the etag, the parent chain).
/// </summary>
public sealed class ClaimEditor(ClaimStore store, LimitSettings limits)
{
    public Validated<ContentEdit> Check(ContentEdit edit)
    {
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckContent(edit.Edit.Values, limits, violations, fields: edit.Edit.Fields);
        return new(edit, violations);
    }

    public Task<Claim> EditAsync(Validated<ContentEdit> request, CancellationToken ct)
    {
        var edit = request.Valid;
        return store.UpdateContentAsync(edit.ClaimId, edit.Etag, edit.Edit, edit.Write, ct);
    }
}
