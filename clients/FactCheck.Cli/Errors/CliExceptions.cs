using Grpc.Core;

namespace FactCheck.Cli.Errors;

/// <summary>The command line (or a file it names) is wrong; reported with exit code 2 before anything is sent.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A call to one of the services failed. Carries which service and where, so the message can
/// say "cannot reach the claims service at ..." rather than a transport error.
/// </summary>
public sealed class ServiceCallException(string service, Uri address, RpcException inner)
    : Exception($"{service} at {address}: {inner.Status.Detail}", inner)
{
    public string Service { get; } = service;

    public Uri Address { get; } = address;

    public RpcException Rpc { get; } = inner;

    public StatusCode StatusCode => Rpc.StatusCode;
}

/// <summary>The command ran and reported its own failure on stderr already; only the exit code is left to give.</summary>
public sealed class ReportedFailureException(int exitCode) : Exception($"failed with exit code {exitCode}")
{
    public int ExitCode { get; } = exitCode;
}
