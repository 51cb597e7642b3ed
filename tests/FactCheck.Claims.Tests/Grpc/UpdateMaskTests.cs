using FactCheck.Domain;
using FactCheck.Claims.Grpc;

namespace FactCheck.Claims.Tests.Grpc;

/// <summary>UpdateClaim's update mask, read at the edge: proto field names in, domain field keys out.</summary>
public class UpdateMaskTests
{
    // What each mask reads as, or which path it refuses and why.
    [Theory]
    [InlineData("text", "text", null)]
    [InlineData("text,tags", "tags,text", null)]
    [InlineData("required_parties,due_time", "dueTime,requiredParties", null)]
    [InlineData("*", "dueTime,language,parent,requiredParties,sources,speaker,tags,text", null)]
    [InlineData("status", null, "update_mask.paths[0]:UpdateClaimStatus")]
    [InlineData("text,status_detail", null, "update_mask.paths[1]:UpdateClaimStatus")]
    [InlineData("etag", null, "update_mask.paths[0]:not an editable field")]
    [InlineData("requiredParties", null, "update_mask.paths[0]:not an editable field")]
    [InlineData("", null, "update_mask:is required")]
    public void An_update_mask_names_editable_fields_only(string paths, string? fields, string? refusal)
    {
        var violations = new List<FieldViolation>();
        var read = ClaimMapper.UpdateMask(paths.Split(',', StringSplitOptions.RemoveEmptyEntries), violations);

        Assert.Equal(fields, read is null ? null : string.Join(',', read.Order(StringComparer.Ordinal)));
        if (refusal is not null)
        {
            var (field, words) = (refusal[..refusal.IndexOf(':', StringComparison.Ordinal)], refusal[(refusal.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            var violation = Assert.Single(violations);
            Assert.Equal(field, violation.Field);
            Assert.Contains(words, violation.Description, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(violations);
        }
    }

    [Theory]
    [InlineData("requestId", "claim", "request_id")]
    [InlineData("claimId", "claim", "claim_id")]
    [InlineData("sources[1].url", "claim", "claim.sources[1].url")]
    [InlineData("statusDetail", null, "status_detail")]
    public void Domain_keys_become_the_requests_proto_paths(string key, string? message, string path) =>
        Assert.Equal(path, ClaimMapper.FieldPath(key, message));
}
