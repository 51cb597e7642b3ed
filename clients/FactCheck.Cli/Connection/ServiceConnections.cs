using FactCheck.Contracts.V1;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace FactCheck.Cli.Connection;

/// <summary>
/// The gRPC channels and generated clients for one command. Channels open lazily, so a command
/// that needs only the claims service never touches the verification service's address.
/// Tests pass <paramref name="handlers"/> to reach in-memory servers instead of sockets.
/// </summary>
public sealed class ServiceConnections(ConnectionSettings settings, Func<ServiceKind, HttpMessageHandler?>? handlers = null) : IDisposable
{
    private GrpcChannel? _claimsChannel;
    private GrpcChannel? _verificationChannel;
    private ClaimsService.ClaimsServiceClient? _claims;
    private VerificationService.VerificationServiceClient? _verification;
    private WebhooksService.WebhooksServiceClient? _webhooks;
    private AdminService.AdminServiceClient? _claimsAdmin;
    private AdminService.AdminServiceClient? _verificationAdmin;

    public ConnectionSettings Settings => settings;

    public ClaimsService.ClaimsServiceClient Claims =>
        _claims ??= new(Open(ServiceKind.Claims, settings.ClaimsUrl, ref _claimsChannel));

    /// <summary>The claims service's webhooks, over the same channel as <see cref="Claims"/>.</summary>
    public WebhooksService.WebhooksServiceClient Webhooks =>
        _webhooks ??= new(Open(ServiceKind.Claims, settings.ClaimsUrl, ref _claimsChannel));

    public VerificationService.VerificationServiceClient Verification =>
        _verification ??= new(Open(ServiceKind.Verification, settings.VerificationUrl, ref _verificationChannel));

    /// <summary>The operator methods of one service (admin role), over the same channel as its other clients.</summary>
    public AdminService.AdminServiceClient Admin(ServiceKind kind) => kind == ServiceKind.Claims
        ? _claimsAdmin ??= new(Open(ServiceKind.Claims, settings.ClaimsUrl, ref _claimsChannel))
        : _verificationAdmin ??= new(Open(ServiceKind.Verification, settings.VerificationUrl, ref _verificationChannel));

    private Grpc.Core.CallInvoker Open(ServiceKind kind, Uri address, ref GrpcChannel? channel)
    {
        channel ??= GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handlers?.Invoke(kind) ?? Sockets(),
            DisposeHttpClient = true,
        });
        return channel.Intercept(new CallPolicyInterceptor(kind, address, settings.ApiKey, settings.Timeout,
            settings.TimeoutGiven ? settings.Timeout : null));
    }

    private SocketsHttpHandler Sockets()
    {
        var handler = new SocketsHttpHandler
        {
            // A refused or silent address should fail within the deadline, not the OS default.
            ConnectTimeout = settings.Timeout,
            EnableMultipleHttp2Connections = true,
        };
        settings.TrustedCa?.ApplyTo(handler.SslOptions);
        return handler;
    }

    public void Dispose()
    {
        _claimsChannel?.Dispose();
        _verificationChannel?.Dispose();
    }
}
