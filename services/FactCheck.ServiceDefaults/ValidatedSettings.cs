using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactCheck.ServiceDefaults;

/// <summary>Settings bound from a configuration section as options, and checked when the service starts.</summary>
public static class ValidatedSettings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and checks it with
    /// <paramref name="problems"/> (each one a sentence naming its setting) on start: the start is
    /// refused with every problem found (see <see cref="ServiceStartup"/>).
    /// </summary>
    public static OptionsBuilder<T> AddValidatedSettings<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(problems));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class ProblemsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problems(options).ToList() is { Count: > 0 } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
    }
}
