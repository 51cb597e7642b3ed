namespace FactCheck.Claims.Application;

/// <summary>
/// A request a use case has checked, with what is wrong with it (by domain field keys, which the
/// edge renders in its own naming). Only a use case's <c>Check</c> makes one, and its write takes
/// only a valid one: so a request is checked once, before the write, and never under the write lock.
/// </summary>
public sealed class Validated<T>
{
    internal Validated(T value, IReadOnlyList<FieldViolation> violations) => (Value, Violations) = (value, violations);

    public T Value { get; }

    public IReadOnlyList<FieldViolation> Violations { get; }

    /// <summary>The request, when it is valid; refuses it with every violation when it is not.</summary>
    internal T Valid => Violations.Count == 0 ? Value : throw Refusals.Invalid(Violations);
}
