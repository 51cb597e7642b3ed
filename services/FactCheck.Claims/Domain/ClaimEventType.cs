namespace FactCheck.Claims.Domain;

/// <summary>Kind of change an event records.</summary>
public enum ClaimEventType
{
    Created = 1,
    Updated = 2,
    StatusChanged = 3,
}
