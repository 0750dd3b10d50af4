using System.CommandLine;
using YuLanData.Jobs.Cli;

return CommandLineApp.Run(args);
