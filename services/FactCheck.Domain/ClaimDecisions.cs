namespace FactCheck.Domain;

/// <summary>A claim as a write leaves it, and the event that records the write.</summary>
public sealed record ClaimChange(Claim Claim, ClaimEvent Event);

/// <summary>
/// An edit: the fields it changes (by their <see cref="ClaimFields"/> keys, from
/// <see cref="ClaimDecisions.EditableFields"/>) and the values they take. Fields not named keep
/// their current values.
/// </summary>
public sealed record ClaimEdit(IReadOnlySet<string> Fields, ClaimContent Values)
{
    /// <summary>The parent the claim has once the edit is applied to <paramref name="current"/>.</summary>
    public string? ParentAfter(ClaimContent current) => Fields.Contains(ClaimFields.Parent) ? Values.ParentId : current.ParentId;
}

/// <summary>
/// What happens to a claim on each write, as pure functions: create, edit, change status. Each
/// returns the claim as it will be stored and its event, or throws a <see cref="RefusalException"/>
/// from <see cref="Refusals"/>. The request's own fields are checked once, before the write
/// (<see cref="ClaimValidation"/>, <see cref="CheckInitialStatus"/>); a store calls the decisions
/// inside its write transaction with what it read there, so they decide only what needs the
/// stored claim: its parent chain, its etag, the transition.
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

    /// <summary>Every field an edit may change. The status is not one: it changes only with a reason.</summary>
    public static IReadOnlyList<string> EditableFields { get; } =
    [
        ClaimFields.Text, ClaimFields.Speaker, ClaimFields.Sources, ClaimFields.RequiredParties, ClaimFields.DueTime, ClaimFields.Parent,
        ClaimFields.Tags, ClaimFields.Language,
    ];

    /// <summary>Checks a new claim's status and detail; null means none was given.</summary>
    public static void CheckInitialStatus(ClaimStatus? status, string detail, List<FieldViolation> violations)
    {
        if (status is { } given && !InitialStatuses.Contains(given))
        {
            violations.Add(new(ClaimFields.Status, "a new claim is UNVERIFIED or PENDING; other statuses are set by a status change, with a reason"));
        }

        ClaimValidation.CheckStatusDetail(detail, ClaimFields.StatusDetail, violations);
    }

    /// <summary>
    /// A new claim, its content and status already checked. A PENDING claim given no detail says
    /// whom it awaits. <paramref name="parentChain"/> is what the store read for the content's
    /// parent (<see cref="ParentChain.Check"/>).
    /// </summary>
    public static ClaimChange Create(
        string claimId, ClaimContent content, ClaimStatus status, string detail, ParentChain parentChain, DateTimeOffset now, WriteContext write)
    {
        parentChain.Check(claimId, content.ParentId);
        if (status == ClaimStatus.Pending && detail.Length == 0 && content.RequiredParties.Count > 0)
        {
            detail = Phrasing.Awaiting(content.RequiredParties);
        }

        var claim = new Claim(claimId, content, status, detail, now, now, Revision: 1);
        return new(claim, Event(ClaimEventType.Created, claim, previous: null, write, now));
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="edit"/> applied (its values already
    /// checked), when <paramref name="etag"/> (if given) is still current and the parent chain
    /// allows it. The status never changes here.
    /// </summary>
    public static ClaimChange Edit(Claim current, ClaimEdit edit, string? etag, ParentChain parentChain, DateTimeOffset now, WriteContext write)
    {
        CheckEtag(current, etag);
        bool Takes(string field) => edit.Fields.Contains(field);
        var (was, values) = (current.Content, edit.Values);
        var content = new ClaimContent(
            Text: Takes(ClaimFields.Text) ? values.Text : was.Text,
            Speaker: Takes(ClaimFields.Speaker) ? values.Speaker : was.Speaker,
            Sources: Takes(ClaimFields.Sources) ? values.Sources : was.Sources,
            RequiredParties: Takes(ClaimFields.RequiredParties) ? values.RequiredParties : was.RequiredParties,
            DueTime: Takes(ClaimFields.DueTime) ? values.DueTime : was.DueTime,
            ParentId: edit.ParentAfter(was),
            Tags: Takes(ClaimFields.Tags) ? values.Tags : was.Tags,
            Language: Takes(ClaimFields.Language) ? values.Language : was.Language);
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
