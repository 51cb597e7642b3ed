namespace FactCheck.Bench.Hosts;

/// <summary>Server CPU time spent per call over a load step: utime + stime after minus before, divided by the calls made.</summary>
public sealed class CpuPerCall(ServiceUnderTest service)
{
    private readonly ProcSample _before = service.Sample();

    /// <summary>Microseconds of server CPU per call since this was created.</summary>
    public double MicrosecondsPer(long calls) => (service.Sample().CpuSeconds - _before.CpuSeconds) / calls * 1e6;
}
