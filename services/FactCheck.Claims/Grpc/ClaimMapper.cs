using FactCheck.Claims.Application;
using FactCheck.GrpcEdge;
using Google.Protobuf.WellKnownTypes;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Grpc;

/// <summary>
/// Maps between the contract's messages and the domain's records, at the edge. Reading a
/// request collects a violation for every field it cannot map instead of stopping at the first;
/// the domain's field keys are rendered as the request's proto paths here (<see cref="FieldPath"/>).
/// </summary>
public static class ClaimMapper
{
    /// <summary>
    /// A domain field key as the request's proto path: snake case, under <paramref name="message"/>
    /// ("claim") when the field lives in the request's claim; the request's own fields (its
    /// request id, the claim id it asks for) are at the top.
    /// </summary>
    public static string FieldPath(string key, string? message = null) =>
        FieldKeys.Render(key, message is null || key is ClaimFields.RequestId or ClaimFields.ClaimId ? null : message, FieldKeys.SnakeCase);

    /// <summary>The use case's violations as proto paths (<see cref="FieldPath"/>).</summary>
    public static IEnumerable<FieldViolation> OnWire(IEnumerable<FieldViolation> violations, string? message = null) =>
        violations.Select(v => v with { Field = FieldPath(v.Field, message) });

    /// <summary>
    /// Runs a write, rendering the fields of an INVALID_ARGUMENT its transaction decides (a
    /// parent that does not exist) as proto paths.
    /// </summary>
    public static async Task<T> OnWire<T>(Task<T> write, string? message = null)
    {
        try
        {
            return await write;
        }
        catch (RefusalException refusal) when (refusal.Violations.Count > 0)
        {
            throw refusal.WithFields(key => FieldPath(key, message));
        }
    }

    /// <summary>Reads an update mask's paths into the fields it changes; null (with violations) when it names none or a field that cannot be edited.</summary>
    public static IReadOnlySet<string>? UpdateMask(IReadOnlyList<string> paths, List<FieldViolation> violations)
    {
        var editable = ClaimDecisions.EditableFields.ToDictionary(FieldKeys.SnakeCase, StringComparer.Ordinal);
        var editableList = string.Join(", ", editable.Keys);
        if (paths.Count == 0)
        {
            violations.Add(new("update_mask", $"is required: name the fields to change ({editableList}, or \"*\" for all)"));
            return null;
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        var valid = true;
        for (var i = 0; i < paths.Count; i++)
        {
            var problem = paths[i] switch
            {
                "status" or "status_detail" => $"'{paths[i]}' cannot be changed by UpdateClaim; use UpdateClaimStatus",
                "*" => null,
                var path when !editable.ContainsKey(path) => $"'{path}' is not an editable field ({editableList})",
                _ => null,
            };
            if (problem is not null)
            {
                violations.Add(new($"update_mask.paths[{i}]", problem));
                valid = false;
            }
            else if (paths[i] == "*")
            {
                fields.UnionWith(editable.Values);
            }
            else
            {
                fields.Add(editable[paths[i]]);
            }
        }

        return valid ? fields : null;
    }

    public static ClaimContent Content(Api.Claim claim, string prefix, List<FieldViolation> violations) =>
        new(
            Text: claim.Text,
            Speaker: claim.Speaker,
            Sources: claim.Sources.Select((s, i) => Source(s, $"{prefix}.sources[{i}]", violations)).ToList(),
            RequiredParties: claim.RequiredParties.Select(p => p.Trim()).ToList(),
            DueTime: RequestReader.Time(claim.DueTime, $"{prefix}.due_time", violations),
            ParentId: RequestReader.ClaimId(claim.Parent, $"{prefix}.parent", violations, required: false),
            Tags: claim.Tags.ToList(),
            Language: claim.Language);

    public static IReadOnlyList<Evidence> Evidence(IEnumerable<Api.Evidence> evidence, string path, List<FieldViolation> violations) =>
        evidence.Select((e, i) => new Evidence(e.Url, e.Quote, RequestReader.Time(e.ObservedTime, $"{path}[{i}].observed_time", violations))).ToList();

    /// <summary>A known, specified status; anything else adds a violation and returns null.</summary>
    public static ClaimStatus? Status(Api.ClaimStatus status, string field, List<FieldViolation> violations)
    {
        if (status == Api.ClaimStatus.Unspecified)
        {
            violations.Add(new(field, "is required (CLAIM_STATUS_UNSPECIFIED is not a status)"));
            return null;
        }

        if (!System.Enum.IsDefined(status))
        {
            violations.Add(new(field, $"unknown status value {(int)status}"));
            return null;
        }

        return (ClaimStatus)(int)status;
    }

    public static Api.Claim ToProto(Claim claim)
    {
        var proto = new Api.Claim
        {
            Name = ClaimName.Of(claim.Id),
            Text = claim.Content.Text,
            Speaker = claim.Content.Speaker,
            Status = (Api.ClaimStatus)(int)claim.Status,
            StatusDetail = claim.StatusDetail,
            DueTime = ToTimestamp(claim.Content.DueTime),
            Parent = claim.Content.ParentId is null ? "" : ClaimName.Of(claim.Content.ParentId),
            Language = claim.Content.Language,
            CreateTime = Timestamp.FromDateTimeOffset(claim.CreateTime),
            UpdateTime = Timestamp.FromDateTimeOffset(claim.UpdateTime),
            Etag = claim.Etag,
        };
        proto.Sources.AddRange(claim.Content.Sources.Select(s => new Api.Source
        {
            Url = s.Url,
            Title = s.Title,
            Publisher = s.Publisher,
            PublishedTime = ToTimestamp(s.PublishedTime),
            Quote = s.Quote,
        }));
        proto.RequiredParties.AddRange(claim.Content.RequiredParties);
        proto.Tags.AddRange(claim.Content.Tags);
        return proto;
    }

    public static Api.ClaimMatch ToProto(ClaimMatchResult match)
    {
        var proto = new Api.ClaimMatch
        {
            Claim = ToProto(match.Claim),
            Score = (float)match.Score,
            SemanticSimilarity = match.Similarity ?? 0,
            SemanticallyIndexed = match.Similarity is not null,
        };
        proto.SharedTerms.AddRange(match.SharedTerms);
        return proto;
    }

    public static Api.ClaimEvent ToProto(ClaimEvent e)
    {
        var proto = new Api.ClaimEvent
        {
            Sequence = e.Sequence,
            Type = (Api.ClaimEventType)(int)e.Type,
            Claim = ToProto(e.Claim),
            PreviousStatus = e.PreviousStatus is { } previous ? (Api.ClaimStatus)(int)previous : Api.ClaimStatus.Unspecified,
            Actor = e.Actor,
            Reason = e.Reason,
            Time = Timestamp.FromDateTimeOffset(e.Time),
            RequestId = e.RequestId,
        };
        proto.Evidence.AddRange(e.Evidence.Select(x => new Api.Evidence { Url = x.Url, Quote = x.Quote, ObservedTime = ToTimestamp(x.ObservedTime) }));
        return proto;
    }

    private static Source Source(Api.Source s, string path, List<FieldViolation> violations) =>
        new(s.Url.Trim(), s.Title, s.Publisher, RequestReader.Time(s.PublishedTime, $"{path}.published_time", violations), s.Quote);

    private static Timestamp? ToTimestamp(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
