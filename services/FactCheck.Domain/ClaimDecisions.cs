namespace FactCheck.Domain;

/// <summary>A claim as a write leaves it, and the event that records the write.</summary>
public sealed record ClaimChange(Claim Claim, ClaimEvent Event);

/// <summary>
/// An UpdateClaim edit: the fields its update mask names (by their proto names, "*" already
/// expanded) and the values they take. Fields not named keep their current values.
/// </summary>
public sealed record ClaimEdit(IReadOnlySet<string> Fields, ClaimContent Values)
{
    /// <summary>The parent the claim has once the edit is applied to <paramref name="current"/>.</summary>
    public string? ParentAfter(ClaimContent current) => Fields.Contains("parent") ? Values.ParentId : current.ParentId;
}

/// <summary>
/// What happens to a claim on each write, as pure functions: create, edit by mask, change status.
/// Each returns the claim as it will be stored and its event, or throws a
/// <see cref="RefusalException"/> from <see cref="Refusals"/>. The claims service's edge checks
/// a request's fields with the Check* methods (so a caller learns every problem at once); its
/// store calls the decisions inside the write transaction, with what it read there.
/// </summary>
public static class ClaimDecisions
{
    /// <summary>A claim created without a status starts here.</summary>
    public const ClaimStatus DefaultInitialStatus = ClaimStatus.Unverified;

    /// <summary>
    /// The statuses a claim may be created in: nobody has confirmed or denied a claim that is
    /// only now written down; every later status comes with a reason through a status change.
    /// </summary>
    public static IReadOnlyList<ClaimStatus> InitialStatuses { get; } = [ClaimStatus.Unverified, ClaimStatus.Pending];

    /// <summary>Every field UpdateClaim may change, by its proto name. The status is not one: it changes only with a reason.</summary>
    public static IReadOnlyList<string> EditableFields { get; } = ["text", "speaker", "sources", "required_parties", "due_time", "parent", "tags", "language"];

    private static string EditableList => string.Join(", ", EditableFields);

    /// <summary>Checks a new claim's status and detail, found at <paramref name="prefix"/> ("claim"); null means none was given.</summary>
    public static void CheckInitialStatus(ClaimStatus? status, string detail, string prefix, List<FieldViolation> violations)
    {
        if (status is { } given && !InitialStatuses.Contains(given))
        {
            violations.Add(new($"{prefix}.status", "a new claim is UNVERIFIED or PENDING; other statuses are set with UpdateClaimStatus"));
        }

        ClaimValidation.CheckStatusDetail(detail, $"{prefix}.status_detail", violations);
    }

    /// <summary>Reads an update mask's paths into the fields it changes; null (with violations) when it names none or a field that cannot be edited.</summary>
    public static IReadOnlySet<string>? ReadUpdateMask(IReadOnlyList<string> paths, List<FieldViolation> violations)
    {
        if (paths.Count == 0)
        {
            violations.Add(new("update_mask", $"is required: name the fields to change ({EditableList}, or \"*\" for all)"));
            return null;
        }

        var valid = true;
        for (var i = 0; i < paths.Count; i++)
        {
            var problem = paths[i] switch
            {
                "status" or "status_detail" => $"'{paths[i]}' cannot be changed by UpdateClaim; use UpdateClaimStatus",
                "*" => null,
                var path when !EditableFields.Contains(path) => $"'{path}' is not an editable field ({EditableList})",
                _ => null,
            };
            if (problem is not null)
            {
                violations.Add(new($"update_mask.paths[{i}]", problem));
                valid = false;
            }
        }

        return !valid ? null : paths.Contains("*") ? EditableFields.ToHashSet() : paths.ToHashSet();
    }

    /// <summary>
    /// A new claim. A PENDING claim given no detail says whom it awaits. <paramref name="parentChain"/>
    /// is what the store read for the content's parent (<see cref="ParentChain.Check"/>); <paramref name="limits"/>
    /// the service's (the defaults when null).
    /// </summary>
    public static ClaimChange Create(
        string claimId, ClaimContent content, ClaimStatus status, string detail, ParentChain parentChain, DateTimeOffset now, WriteContext write,
        LimitSettings? limits = null)
    {
        var violations = new List<FieldViolation>();
        CheckInitialStatus(status, detail, "claim", violations);
        ClaimValidation.CheckContent(content, "claim", violations, limits);
        Refusals.ThrowIfAny(violations);
        parentChain.Check(claimId, content.ParentId);

        if (status == ClaimStatus.Pending && detail.Length == 0 && content.RequiredParties.Count > 0)
        {
            detail = Phrasing.Awaiting(content.RequiredParties);
        }

        var claim = new Claim(claimId, content, status, detail, now, now, Revision: 1);
        return new(claim, Event(ClaimEventType.Created, claim, previous: null, write, now));
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="edit"/> applied, when <paramref name="etag"/>
    /// (if given) is still current and the edited claim is valid. The status never changes here.
    /// </summary>
    public static ClaimChange Edit(
        Claim current, ClaimEdit edit, string? etag, ParentChain parentChain, DateTimeOffset now, WriteContext write, LimitSettings? limits = null)
    {
        CheckEtag(current, etag);
        bool Takes(string field) => edit.Fields.Contains(field);
        var (was, values) = (current.Content, edit.Values);
        var content = new ClaimContent(
            Text: Takes("text") ? values.Text : was.Text,
            Speaker: Takes("speaker") ? values.Speaker : was.Speaker,
            Sources: Takes("sources") ? values.Sources : was.Sources,
            RequiredParties: Takes("required_parties") ? values.RequiredParties : was.RequiredParties,
            DueTime: Takes("due_time") ? values.DueTime : was.DueTime,
            ParentId: edit.ParentAfter(was),
            Tags: Takes("tags") ? values.Tags : was.Tags,
            Language: Takes("language") ? values.Language : was.Language);
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckContent(content, "claim", violations, limits);
        Refusals.ThrowIfAny(violations);
        parentChain.Check(current.Id, content.ParentId);

        var claim = current with { Content = content, UpdateTime = now, Revision = current.Revision + 1 };
        return new(claim, Event(ClaimEventType.Updated, claim, current.Status, write, now));
    }

    /// <summary>
    /// <paramref name="current"/> moved to the requested status, when <paramref name="etag"/> (if
    /// given) is still current and <see cref="StatusTransitions"/> allows the move.
    /// </summary>
    public static ClaimChange ChangeStatus(Claim current, StatusChange change, string? etag, DateTimeOffset now, WriteContext write)
    {
        CheckEtag(current, etag);
        if (!StatusTransitions.IsAllowed(current.Status, change.Status))
        {
            throw Refusals.TransitionNotAllowed(current.Status, change.Status);
        }

        var claim = current with { Status = change.Status, StatusDetail = change.Detail, UpdateTime = now, Revision = current.Revision + 1 };
        return new(claim, Event(ClaimEventType.StatusChanged, claim, current.Status, write, now, change.Reason, change.Evidence));
    }

    /// <summary>An etag, when given, must be the claim's current one (AIP-154).</summary>
    private static void CheckEtag(Claim current, string? etag)
    {
        if (!string.IsNullOrEmpty(etag) && etag != current.Etag)
        {
            throw Refusals.EtagMismatch(current.Id, etag, current.Etag);
        }
    }

    /// <summary>The event of a write; its sequence is 0 until the store appends it.</summary>
    private static ClaimEvent Event(
        ClaimEventType type, Claim claim, ClaimStatus? previous, WriteContext write, DateTimeOffset now, string reason = "", IReadOnlyList<Evidence>? evidence = null) =>
        new(0, type, claim, previous, write.Actor, reason, evidence ?? [], now, write.RequestId);
}
