using FactCheck.Domain;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace FactCheck.ServiceDefaults;

/// <summary>Authorization attributes for service methods, one per role (roles include the lower ones).</summary>
public static class Roles
{
    public const string Reader = nameof(Role.Reader);
    public const string Editor = nameof(Role.Editor);
    public const string Verifier = nameof(Role.Verifier);
    public const string Admin = nameof(Role.Admin);

    /// <summary>The caller's name as recorded in history ("anonymous" on an open server).</summary>
    public static string Actor(this ServerCallContext context) =>
        context.GetHttpContext().User.Identity?.Name ?? ApiKeyAuthenticationHandler.AnonymousActor;
}

/// <summary>The method needs at least the reader role.</summary>
public sealed class ReaderAttribute : AuthorizeAttribute
{
    public ReaderAttribute() => Roles = FactCheck.ServiceDefaults.Roles.Reader;
}

/// <summary>The method needs at least the editor role.</summary>
public sealed class EditorAttribute : AuthorizeAttribute
{
    public EditorAttribute() => Roles = FactCheck.ServiceDefaults.Roles.Editor;
}

/// <summary>The method needs the verifier role.</summary>
public sealed class VerifierAttribute : AuthorizeAttribute
{
    public VerifierAttribute() => Roles = FactCheck.ServiceDefaults.Roles.Verifier;
}

/// <summary>The method needs the admin role (backups and repairs).</summary>
public sealed class AdminAttribute : AuthorizeAttribute
{
    public AdminAttribute() => Roles = FactCheck.ServiceDefaults.Roles.Admin;
}
