using FactCheck.Cli.Commands;

// Everything lives in CliApp so that tests run the very same command tree in-process.
return await CliApp.RunAsync(args, CliHost.FromProcess());
