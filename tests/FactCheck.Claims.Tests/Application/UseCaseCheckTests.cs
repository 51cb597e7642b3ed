using FactCheck.Claims.Application;
using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Storage;
using FactCheck.Testing;

namespace FactCheck.Claims.Tests.Application;

/// <summary>
/// The claims use cases check a request once, before the write, by domain field keys; a write
/// takes only a request that passed, and refuses one that did not without touching the store.
/// On a real SQLite file.
/// </summary>
public sealed class UseCaseCheckTests : IDisposable
{
    private static readonly WriteContext Editor = new("editor", "", "");
    private readonly TempFolder _folder = new("factcheck-usecases-");
    private readonly ClaimStore _store;

    public UseCaseCheckTests()
    {
        _store = new ClaimStore(new SqliteDialect(_folder.Sqlite("claims.db")), TimeProvider.System, new ClaimCommits());
        _store.MigrateAsync(default).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private static ClaimContent Agreement() =>
        new("Diplomats from the United States and Iraq have agreed on a plan for US troops to leave Iraq.", "an unnamed US official",
            [new Source("https://example.org/news/us-iraq-withdrawal-agreement", "", "Example News", null, "")], ["Washington", "Baghdad"], null, null, ["iraq"], "en");

    [Theory]
    [InlineData(null, true)]
    [InlineData(ClaimStatus.Unverified, true)]
    [InlineData(ClaimStatus.Pending, true)]
    [InlineData(ClaimStatus.Confirmed, false)]
    [InlineData(ClaimStatus.Retracted, false)]
    [InlineData(ClaimStatus.Overdue, false)]
    public async Task A_new_claim_is_unverified_or_pending_and_anything_else_is_refused_before_the_write(ClaimStatus? status, bool allowed)
    {
        var creator = new ClaimCreator(_store, LimitSettings.Default);
        var checkedClaim = creator.Check(new NewClaim("agreement", Agreement(), status, "", Editor));

        if (allowed)
        {
            Assert.Empty(checkedClaim.Violations);
            Assert.Equal(status ?? ClaimDecisions.DefaultInitialStatus, (await creator.CreateAsync(checkedClaim, default)).Status);
        }
        else
        {
            Assert.Equal(ClaimFields.Status, Assert.Single(checkedClaim.Violations).Field);
            await Refused.ByAsync("INVALID_ARGUMENT", () => creator.CreateAsync(checkedClaim, default));
            Assert.Empty(await _store.ReadEventsAsync(0, 10, default));
        }
    }

    [Fact]
    public async Task Invalid_content_is_refused_naming_its_fields_and_nothing_is_written()
    {
        var creator = new ClaimCreator(_store, LimitSettings.Default);
        var checkedClaim = creator.Check(new NewClaim(null, Agreement() with { Text = "", Sources = [] }, null, "", new WriteContext("editor", "bad id\u0007", "")));

        Assert.Equal([ClaimFields.RequestId, ClaimFields.Sources, ClaimFields.Text], checkedClaim.Violations.Select(v => v.Field).Order(StringComparer.Ordinal));
        var refusal = await Refused.ByAsync("INVALID_ARGUMENT", () => creator.CreateAsync(checkedClaim, default));
        Assert.Equal(3, refusal.Violations.Count);
        Assert.Empty(await _store.ReadEventsAsync(0, 10, default));
    }

    [Fact]
    public async Task An_edit_is_checked_on_the_fields_it_names_and_the_rest_keep_their_stored_values()
    {
        var claim = await _store.CreateAsync("agreement", Agreement(), ClaimStatus.Pending, "", Editor, default);
        var editor = new ClaimEditor(_store, LimitSettings.Default);

        var leavesNoSource = editor.Check(new ContentEdit(claim.Id, null, new ClaimEdit(new HashSet<string> { ClaimFields.Sources }, Agreement() with { Sources = [] }), Editor));
        Assert.Equal(ClaimFields.Sources, Assert.Single(leavesNoSource.Violations).Field);
        await Refused.ByAsync("INVALID_ARGUMENT", () => editor.EditAsync(leavesNoSource, default));

        // The values of fields the edit does not name are neither checked nor taken.
        var textOnly = editor.Check(new ContentEdit(claim.Id, claim.Etag, new ClaimEdit(new HashSet<string> { ClaimFields.Text }, Agreement() with { Text = "Edited.", Sources = [] }), Editor));
        Assert.Empty(textOnly.Violations);
        var edited = await editor.EditAsync(textOnly, default);
        Assert.Equal(("Edited.", claim.Content.Sources.Count), (edited.Content.Text, edited.Content.Sources.Count));
    }

    [Fact]
    public async Task A_status_change_needs_a_reason_and_the_parent_chain_is_decided_in_the_write()
    {
        var claim = await _store.CreateAsync("agreement", Agreement(), ClaimStatus.Pending, "", Editor, default);
        var changer = new StatusChanger(_store, LimitSettings.Default);
        var noReason = changer.Check(new ClaimStatusChange(claim.Id, null, new StatusChange(ClaimStatus.Confirmed, "", " ", []), Editor));
        Assert.Equal(ClaimFields.Reason, Assert.Single(noReason.Violations).Field);

        // Only the store can tell that a parent does not exist: its refusal names the domain key too.
        var creator = new ClaimCreator(_store, LimitSettings.Default);
        var orphan = creator.Check(new NewClaim(null, Agreement() with { ParentId = "missing" }, null, "", Editor));
        Assert.Empty(orphan.Violations);
        var refusal = await Refused.ByAsync("INVALID_ARGUMENT", () => creator.CreateAsync(orphan, default));
        Assert.Equal(ClaimFields.Parent, Assert.Single(refusal.Violations).Field);
    }
}
