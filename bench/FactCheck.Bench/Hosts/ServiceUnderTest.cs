using System.Diagnostics;
using FactCheck.Testing;

namespace FactCheck.Bench.Hosts;

/// <summary>
/// A service started as its own process (through the tests' <see cref="ServiceProcess"/>), with
/// what the benchmark reads about it: how long it took to answer SERVING, its CPU time and
/// resident memory, and the highest resident memory sampled (every 100 ms) while it ran.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly ServiceProcess _process;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private double _peakRssMb;

    private ServiceUnderTest(string name, ServiceProcess process, TimeSpan startTime)
    {
        Name = name;
        _process = process;
        StartTime = startTime;
        // ServiceProcess does not expose its process id; its --urls address is unique on this machine.
        Pid = ProcStats.FindByCommandLine($"--urls {process.Address.ToString().TrimEnd('/')} ");
        _sampler = SampleRssAsync(_stop.Token);
    }

    public string Name { get; }

    public int Pid { get; }

    public Uri Address => _process.Address;

    /// <summary>From launching `dotnet` to the first SERVING health answer (to the resolution of <see cref="ServiceProcess.PollInterval"/>).</summary>
    public TimeSpan StartTime { get; }

    public double PeakRssMb => Volatile.Read(ref _peakRssMb);

    public static async Task<ServiceUnderTest> StartAsync(string name, string assemblyPath, IDictionary<string, string> environment)
    {
        var watch = Stopwatch.StartNew();
        var process = await ServiceProcess.StartAsync(assemblyPath, environment);
        return new ServiceUnderTest(name, process, watch.Elapsed);
    }

    public Grpc.Net.Client.GrpcChannel Channel() => _process.Channel();

    public ProcSample Sample() => ProcStats.Read(Pid);

    /// <summary>Forgets the peak so far, so the next <see cref="PeakRssMb"/> covers only what follows.</summary>
    public void ResetPeak() => Volatile.Write(ref _peakRssMb, 0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        await _process.StopAsync();
        await _process.DisposeAsync();
        _stop.Dispose();
    }

    private async Task SampleRssAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                var rss = Sample().RssMb;
                if (rss > PeakRssMb)
                {
                    Volatile.Write(ref _peakRssMb, rss);
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Disposed: sampling ends with the process.
        }
    }
}
