namespace FactCheck.Domain.Tests;

public class StatusTransitionsTests
{
    // The expected table, written out independently of the code: row = from, column = to, x = allowed.
    private static readonly string[] Expected =
    [
        //            UNV PEN CON DIS REF RET OVD
        "Unverified    .   x   x   x   x   x   x",
        "Pending       .   x   x   x   x   x   x",
        "Confirmed     .   .   .   x   x   x   .",
        "Disputed      .   x   x   x   x   x   .",
        "Refuted       .   x   x   x   .   x   .",
        "Retracted     .   .   .   .   .   .   .",
        "Overdue       .   .   x   x   x   x   x",
    ];

    private static readonly ClaimStatus[] Columns =
        [ClaimStatus.Unverified, ClaimStatus.Pending, ClaimStatus.Confirmed, ClaimStatus.Disputed, ClaimStatus.Refuted, ClaimStatus.Retracted, ClaimStatus.Overdue];

    public static TheoryData<ClaimStatus, ClaimStatus, bool> Cells()
    {
        var data = new TheoryData<ClaimStatus, ClaimStatus, bool>();
        foreach (var row in Expected)
        {
            var parts = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var from = Enum.Parse<ClaimStatus>(parts[0]);
            for (var i = 0; i < Columns.Length; i++)
            {
                data.Add(from, Columns[i], parts[i + 1] == "x");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Each_cell_of_the_transition_table_is_as_documented(ClaimStatus from, ClaimStatus to, bool allowed)
    {
        Assert.Equal(allowed, StatusTransitions.IsAllowed(from, to));
    }

    [Fact]
    public void A_refused_transition_names_both_statuses()
    {
        var refused = Refusals.TransitionNotAllowed(ClaimStatus.Retracted, ClaimStatus.Confirmed);
        Assert.Equal("a claim cannot move from CLAIM_STATUS_RETRACTED to CLAIM_STATUS_CONFIRMED", refused.Message);
    }

    [Fact]
    public void Retracted_is_final()
    {
        Assert.All(Enum.GetValues<ClaimStatus>(), to => Assert.False(StatusTransitions.IsAllowed(ClaimStatus.Retracted, to)));
    }
}
