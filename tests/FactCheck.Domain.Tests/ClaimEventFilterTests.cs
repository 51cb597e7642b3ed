namespace FactCheck.Domain.Tests;

public class ClaimEventFilterTests
{
    private static ClaimEvent Change(ClaimEventType type, ClaimStatus status, params string[] tags)
    {
        var content = new ClaimContent("The agreement is pending final approval.", "", [], ["Washington", "Baghdad"], null, null, tags, "en");
        var claim = new Claim("agreement", content, status, "", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);
        return new ClaimEvent(1, type, claim, ClaimStatus.Pending, "newsroom", "", [], DateTimeOffset.UnixEpoch, "");
    }

    private static ClaimEventFilter Filter(string events, string statuses, string? tag) => new(
        events.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ClaimEventType>).ToHashSet(),
        statuses.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ClaimStatus>).ToHashSet(),
        tag);

    // Each row: the filter (event kinds, statuses, tag), the event (kind, status after it, tags), and whether it is sent.
    [Theory]
    [InlineData("", "", null, ClaimEventType.Created, ClaimStatus.Pending, "iraq", true)]
    [InlineData("", "", null, ClaimEventType.Updated, ClaimStatus.Pending, "", true)]
    [InlineData("StatusChanged", "", null, ClaimEventType.StatusChanged, ClaimStatus.Confirmed, "", true)]
    [InlineData("StatusChanged", "", null, ClaimEventType.Updated, ClaimStatus.Pending, "", false)]
    [InlineData("StatusChanged", "", null, ClaimEventType.Created, ClaimStatus.Pending, "", false)]
    [InlineData("StatusChanged", "Confirmed,Refuted", null, ClaimEventType.StatusChanged, ClaimStatus.Confirmed, "", true)]
    [InlineData("StatusChanged", "Confirmed,Refuted", null, ClaimEventType.StatusChanged, ClaimStatus.Refuted, "", true)]
    [InlineData("StatusChanged", "Confirmed,Refuted", null, ClaimEventType.StatusChanged, ClaimStatus.Overdue, "", false)]
    [InlineData("Created,StatusChanged", "Confirmed", null, ClaimEventType.Created, ClaimStatus.Confirmed, "", true)]
    [InlineData("", "", "iraq", ClaimEventType.StatusChanged, ClaimStatus.Confirmed, "agreement,iraq", true)]
    [InlineData("", "", "iraq", ClaimEventType.StatusChanged, ClaimStatus.Confirmed, "agreement,Iraq", true)]
    [InlineData("", "", "iraq", ClaimEventType.StatusChanged, ClaimStatus.Confirmed, "agreement", false)]
    [InlineData("StatusChanged", "Confirmed", "iraq", ClaimEventType.StatusChanged, ClaimStatus.Confirmed, "agreement", false)]
    public void Each_event_is_sent_when_every_part_of_the_filter_allows_it(
        string events, string statuses, string? tag, ClaimEventType type, ClaimStatus status, string tags, bool sent)
    {
        var change = Change(type, status, tags.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(sent, Filter(events, statuses, tag).Matches(change));
    }

    [Fact]
    public void The_empty_filter_sends_every_event()
    {
        Assert.True(ClaimEventFilter.Everything.Matches(Change(ClaimEventType.Updated, ClaimStatus.Retracted)));
    }
}
