using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;

namespace FactCheck.Bench.Load;

/// <summary>
/// Every call a long run made, per method: how many, how long each took, and the ones that failed
/// by status code. A failed call is counted, not thrown: a soak reports its errors instead of
/// stopping at the first.
/// </summary>
public sealed class CallLog
{
    private readonly ConcurrentDictionary<string, Method> _methods = new(StringComparer.Ordinal);

    public sealed class Method
    {
        private readonly List<double> _milliseconds = [];
        private long _calls;

        public long Calls => Interlocked.Read(ref _calls);

        public ConcurrentDictionary<StatusCode, long> Errors { get; } = new();

        public long Failed => Errors.Values.Sum();

        public long Succeeded => Calls - Failed;

        public Latencies? Latencies()
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count == 0 ? null : Load.Latencies.Of(_milliseconds);
            }
        }

        internal void Record(double milliseconds, StatusCode? error)
        {
            Interlocked.Increment(ref _calls);
            if (error is { } code)
            {
                Errors.AddOrUpdate(code, 1, (_, n) => n + 1);
                return;
            }

            lock (_milliseconds)
            {
                _milliseconds.Add(milliseconds);
            }
        }
    }

    /// <summary>The methods called so far, by name.</summary>
    public IReadOnlyDictionary<string, Method> Methods => _methods;

    public Method this[string method] => _methods.GetOrAdd(method, _ => new Method());

    /// <summary>Makes one call; its answer, or null when it failed with an <see cref="RpcException"/> (counted under its status code).</summary>
    public async Task<T?> CallAsync<T>(string method, Func<Task<T>> call)
        where T : class
    {
        var log = this[method];
        var start = Stopwatch.GetTimestamp();
        try
        {
            var answer = await call();
            log.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, null);
            return answer;
        }
        catch (RpcException e)
        {
            log.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, e.StatusCode);
            return null;
        }
    }

    /// <summary>"UNAVAILABLE 3, DEADLINE_EXCEEDED 1", or "none".</summary>
    public static string Describe(IReadOnlyDictionary<StatusCode, long> errors) =>
        errors.Count == 0 ? "none" : string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}"));
}
