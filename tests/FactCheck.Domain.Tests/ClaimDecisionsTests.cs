namespace FactCheck.Domain.Tests;

public class ClaimDecisionsTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Created.AddHours(2);
    private static readonly WriteContext Newsroom = new("newsroom", "import-1", "fp");

    private static ClaimContent Agreement(params string[] parties) => new(
        "Diplomats from the United States and Iraq have agreed on a plan for US troops to leave Iraq.",
        "an unnamed US official",
        [new Source("https://example.org/news/us-iraq-withdrawal-agreement", "", "Example News", null, "")],
        parties,
        null,
        null,
        ["iraq"],
        "en");

    private static Claim Stored(ClaimStatus status = ClaimStatus.Pending) =>
        ClaimDecisions.Create("agreement", Agreement("Washington", "Baghdad"), status, "", ParentChain.None, Created, Newsroom).Claim;

    private static RefusalException Refused(string reason, Action decision)
    {
        var refusal = Assert.Throws<RefusalException>(decision);
        Assert.Equal(reason, refusal.Reason);
        return refusal;
    }

    // What a new claim reads, by the status and detail it was created with.
    [Theory]
    //          status               detail given          parties                         reads
    [InlineData(ClaimStatus.Pending, "", new[] { "Washington", "Baghdad" }, "awaiting Washington and Baghdad")]
    [InlineData(ClaimStatus.Pending, "", new[] { "Washington", "Baghdad", "Ankara" }, "awaiting Washington, Baghdad and Ankara")]
    [InlineData(ClaimStatus.Pending, "", new string[0], "")]
    [InlineData(ClaimStatus.Pending, "timing still open", new[] { "Washington" }, "timing still open")]
    [InlineData(ClaimStatus.Unverified, "", new[] { "Washington" }, "")]
    public void A_new_claim_says_whom_it_awaits_unless_told_otherwise(ClaimStatus status, string detail, string[] parties, string reads)
    {
        var change = ClaimDecisions.Create("agreement", Agreement(parties), status, detail, ParentChain.None, Created, Newsroom);

        Assert.Equal((status, reads), (change.Claim.Status, change.Claim.StatusDetail));
    }

    [Fact]
    public void Creating_records_one_created_event_by_the_writer()
    {
        var change = ClaimDecisions.Create("agreement", Agreement(), ClaimStatus.Unverified, "", ParentChain.None, Created, Newsroom);

        Assert.Equal((1L, Created, Created), (change.Claim.Revision, change.Claim.CreateTime, change.Claim.UpdateTime));
        Assert.Equal((0L, ClaimEventType.Created, (ClaimStatus?)null), (change.Event.Sequence, change.Event.Type, change.Event.PreviousStatus));
        Assert.Equal(("newsroom", "import-1", Created), (change.Event.Actor, change.Event.RequestId, change.Event.Time));
        Assert.Same(change.Claim, change.Event.Claim);
    }

    // Which statuses a claim may be created in.
    [Theory]
    [InlineData(null, true)]
    [InlineData(ClaimStatus.Unverified, true)]
    [InlineData(ClaimStatus.Pending, true)]
    [InlineData(ClaimStatus.Confirmed, false)]
    [InlineData(ClaimStatus.Disputed, false)]
    [InlineData(ClaimStatus.Refuted, false)]
    [InlineData(ClaimStatus.Retracted, false)]
    [InlineData(ClaimStatus.Overdue, false)]
    public void A_new_claim_is_unverified_or_pending(ClaimStatus? status, bool allowed)
    {
        var violations = new List<FieldViolation>();
        ClaimDecisions.CheckInitialStatus(status, "", violations);

        Assert.Equal(allowed, violations.Count == 0);
        if (!allowed)
        {
            Assert.Equal(ClaimFields.Status, Assert.Single(violations).Field);
        }
    }

    [Fact]
    public void Unspecified_means_unverified_and_the_detail_is_bounded()
    {
        Assert.Equal(ClaimStatus.Unverified, ClaimDecisions.DefaultInitialStatus);
        var violations = new List<FieldViolation>();
        ClaimDecisions.CheckInitialStatus(ClaimStatus.Pending, new string('d', Limits.MaxStatusDetail + 1), violations);
        Assert.Equal(ClaimFields.StatusDetail, Assert.Single(violations).Field);
    }

    [Fact]
    public void Invalid_content_is_reported_by_its_domain_keys()
    {
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckContent(Agreement() with { Text = "", Sources = [] }, LimitSettings.Default, violations);
        Assert.Equal([ClaimFields.Sources, ClaimFields.Text], violations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_edit_checks_only_the_fields_it_names()
    {
        var violations = new List<FieldViolation>();
        var values = Agreement() with { Text = "", Sources = [] };
        ClaimValidation.CheckContent(values, LimitSettings.Default, violations, fields: new HashSet<string> { ClaimFields.Sources });
        Assert.Equal(ClaimFields.Sources, Assert.Single(violations).Field);
    }

    [Fact]
    public void The_editable_fields_are_the_content_fields()
    {
        Assert.Equal(
            "dueTime,language,parent,requiredParties,sources,speaker,tags,text",
            string.Join(',', ClaimDecisions.EditableFields.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void An_edit_changes_the_masked_fields_only_and_never_the_status()
    {
        var current = Stored();
        var values = Agreement() with { Text = "Edited text.", Speaker = "not in the mask", Tags = ["edited"] };

        var change = ClaimDecisions.Edit(current, new ClaimEdit(new HashSet<string> { "text", "tags" }, values), current.Etag, ParentChain.None, Later, Newsroom);

        Assert.Equal(("Edited text.", current.Content.Speaker), (change.Claim.Content.Text, change.Claim.Content.Speaker));
        Assert.Equal(["edited"], change.Claim.Content.Tags);
        Assert.Equal((current.Status, current.StatusDetail), (change.Claim.Status, change.Claim.StatusDetail));
        Assert.Equal((2L, Later, Created), (change.Claim.Revision, change.Claim.UpdateTime, change.Claim.CreateTime));
        Assert.Equal((ClaimEventType.Updated, (ClaimStatus?)ClaimStatus.Pending), (change.Event.Type, change.Event.PreviousStatus));
    }

    [Fact]
    public void An_edit_with_a_stale_etag_is_refused()
    {
        var current = Stored();
        var all = ClaimDecisions.EditableFields.ToHashSet();

        Refused("ETAG_MISMATCH", () => ClaimDecisions.Edit(current, new ClaimEdit(all, current.Content), "\"7\"", ParentChain.None, Later, Newsroom));
    }

    [Fact]
    public void The_parent_an_edit_leaves_is_the_masked_one_or_the_current_one()
    {
        var current = Stored().Content with { ParentId = "agreement" };
        var values = current with { ParentId = "other" };

        Assert.Equal("other", new ClaimEdit(new HashSet<string> { "parent" }, values).ParentAfter(current));
        Assert.Equal("agreement", new ClaimEdit(new HashSet<string> { "text" }, values).ParentAfter(current));
    }

    // Status changes follow the transition table (StatusTransitionsTests checks every cell).
    [Theory]
    [InlineData(ClaimStatus.Pending, ClaimStatus.Confirmed, true)]
    [InlineData(ClaimStatus.Pending, ClaimStatus.Pending, true)]
    [InlineData(ClaimStatus.Retracted, ClaimStatus.Confirmed, false)]
    [InlineData(ClaimStatus.Confirmed, ClaimStatus.Overdue, false)]
    public void A_status_change_is_allowed_by_the_transition_table(ClaimStatus from, ClaimStatus to, bool allowed)
    {
        var current = Stored() with { Status = from };
        var change = new StatusChange(to, "confirmed by Washington and Baghdad", "both gave the go-ahead", [new Evidence("https://example.org/go-ahead", "", null)]);

        if (allowed)
        {
            var changed = ClaimDecisions.ChangeStatus(current, change, current.Etag, Later, new WriteContext("verification-service", "outbox-1", "fp"));
            Assert.Equal((to, change.Detail, 2L), (changed.Claim.Status, changed.Claim.StatusDetail, changed.Claim.Revision));
            Assert.Equal((ClaimEventType.StatusChanged, (ClaimStatus?)from, "both gave the go-ahead"), (changed.Event.Type, changed.Event.PreviousStatus, changed.Event.Reason));
            Assert.Equal(("verification-service", "outbox-1"), (changed.Event.Actor, changed.Event.RequestId));
            Assert.Equal(change.Evidence, changed.Event.Evidence);
        }
        else
        {
            Refused("TRANSITION_NOT_ALLOWED", () => ClaimDecisions.ChangeStatus(current, change, null, Later, Newsroom));
        }
    }

    [Fact]
    public void A_status_change_with_a_stale_etag_is_refused_before_the_table_is_read()
    {
        var current = Stored(ClaimStatus.Pending) with { Status = ClaimStatus.Retracted };
        Refused("ETAG_MISMATCH", () => ClaimDecisions.ChangeStatus(current, new StatusChange(ClaimStatus.Confirmed, "", "r", []), "\"9\"", Later, Newsroom));
    }
}
