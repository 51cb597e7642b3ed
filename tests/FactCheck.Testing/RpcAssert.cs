using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace FactCheck.Testing;

/// <summary>Asserts on the AIP-193 error details a call failed with.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == error.StatusCode, $"expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }

    public static ErrorInfo Info(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException("error carries no google.rpc.ErrorInfo");

    /// <summary>The BadRequest violations, as "field: description" keyed by field.</summary>
    public static Dictionary<string, string> Violations(RpcException error)
    {
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>() ?? throw new Xunit.Sdk.XunitException("error carries no google.rpc.BadRequest");
        return badRequest.FieldViolations.ToDictionary(v => v.Field, v => v.Description);
    }

    /// <summary>Requires INVALID_ARGUMENT with reason INVALID_ARGUMENT (and, when given, the error domain); returns the violations.</summary>
    public static async Task<Dictionary<string, string>> InvalidFields(Func<Task> call, string? domain = null)
    {
        var error = await FailsWith(StatusCode.InvalidArgument, call);
        Assert.Equal("INVALID_ARGUMENT", Info(error).Reason);
        if (domain is not null)
        {
            Assert.Equal(domain, Info(error).Domain);
        }

        return Violations(error);
    }
}
