using System.CommandLine;
using YuLanData.Cli.Commands;

return CommandLineApp.Run(args);
