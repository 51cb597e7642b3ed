using System.Reflection;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// How a service's start ends when its settings refuse it: one logged line giving the reason,
/// and exit code <see cref="RefusedExitCode"/>, instead of an unhandled exception's stack trace
/// and SIGABRT. Both services run their Program through <see cref="RunAsync"/>.
/// </summary>
public static partial class ServiceStartup
{
    /// <summary>
    /// The exit code of a refused start: EX_CONFIG (78) from sysexits.h, "something was found in an
    /// unconfigured or misconfigured state". A supervisor (systemd, Kubernetes, Docker) that sees it
    /// should not expect a restart to help until the settings change.
    /// </summary>
    public const int RefusedExitCode = 78;

    // Set once the host has started (every hosted service and the server): from then on nothing is a refused start.
    private static volatile bool s_started;

    /// <summary>
    /// From the moment <paramref name="lifetime"/> says the host has started, a failure is a fault,
    /// not a refused start. Every host run through <see cref="RunAsync"/> calls it once built
    /// (MapServiceDefaults does so for the services).
    /// </summary>
    public static void TrackStart(IHostApplicationLifetime lifetime) => lifetime.ApplicationStarted.Register(() => s_started = true);

    /// <summary>
    /// Runs <paramref name="program"/> (a service's Program, from its builder to RunAsync) and
    /// returns its exit code. A start refused for its settings ends with <see cref="RefusedExitCode"/>
    /// after one critical log line: an <see cref="InvalidOperationException"/> (how this code and
    /// ASP.NET Core refuse a setting), an <see cref="OptionsValidationException"/> (settings checked on
    /// start), or a listen address already in use, thrown before the service has started. Any other
    /// failure, and any failure once it has started, is a fault, left to end the process with its
    /// stack trace. Run inside another process (WebApplicationFactory runs Program in a test), the
    /// exception goes to that process unchanged.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task<int>> program)
    {
        try
        {
            return await program();
        }
        catch (Exception e) when (!s_started && IsRefusal(e) && IsOwnProcess(program.Method))
        {
            LogRefusal(e);
            return RefusedExitCode;
        }
    }

    /// <summary>
    /// Checks every setting bound with ValidateOnStart now, before the service touches its database
    /// or listens, and refuses the start with all of their problems in one <see cref="InvalidOperationException"/>.
    /// </summary>
    public static void ValidateSettings(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var failures = e is AggregateException all ? all.InnerExceptions.SelectMany(Failures) : Failures(e);
            throw new InvalidOperationException($"Invalid settings: {string.Join("; ", failures)}", e);
        }
    }

    private static IEnumerable<string> Failures(Exception e) => e is OptionsValidationException validation ? validation.Failures : [e.Message];

    private static bool IsRefusal(Exception e) =>
        e is InvalidOperationException or OptionsValidationException || e is IOException { InnerException: AddressInUseException };

    /// <summary>True when Program is this process's entry point, not a test host's.</summary>
    private static bool IsOwnProcess(MethodInfo program) => program.DeclaringType?.Assembly == Assembly.GetEntryAssembly();

    private static void LogRefusal(Exception e)
    {
        // The host's own logger may not exist yet (a setting read while building it): a console logger of the same format.
        using (var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(ServiceDefaultsExtensions.ConsoleFormat)))
        {
            var logger = loggers.CreateLogger(typeof(ServiceStartup).FullName!);
            var reason = OneLine(e.Message);
            LogRefused(logger, RefusedExitCode, reason);
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [LoggerMessage(EventId = 1, EventName = "StartRefused", Level = LogLevel.Critical, Message = "Refused to start (exit code {ExitCode}): {Reason}")]
    private static partial void LogRefused(ILogger logger, int exitCode, string reason);
}
