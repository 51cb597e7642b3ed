using FactCheck.Domain;

namespace FactCheck.Web.Services;

/// <summary>Claim ids in page addresses (/claims/{id}) and the resource names the services take.</summary>
public static class ClaimRoute
{
    /// <summary>"claims/{id}" for a well-formed id; null for one no claim can have (its page is a 404).</summary>
    public static string? Name(string? id) =>
        id is not null && ClaimName.IsValidId(id) ? ClaimName.Of(id) : null;

    /// <summary>The page of the claim <paramref name="name"/>, "/claims/agreement".</summary>
    public static string Page(string name) => "/claims/" + Uri.EscapeDataString(FactCheck.Client.ClaimIds.Of(name));
}
