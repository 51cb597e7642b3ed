using FactCheck.Domain;

namespace FactCheck.Client;

/// <summary>A claim's id as people see it (in tables, links and review urls): its resource name without "claims/".</summary>
public static class ClaimIds
{
    public static string Of(string name) => ClaimName.IdOf(name) ?? name;
}
