using System.Reflection;
using YuLanData.Filters;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Stages;

/// <summary>A registered stage type: its name, options type and how instances are made.</summary>
/// <param name="Name">The name used in pipeline YAML.</param>
/// <param name="Description">One line for help output.</param>
/// <param name="Implementation">A class implementing <see cref="IDocumentFilter"/> (shared by all tasks) or
/// <see cref="IPipelineStage"/> (one instance per task).</param>
/// <param name="OptionsType">The constructor's single parameter type, or null for a parameterless stage.</param>
public sealed record StageDefinition(string Name, string Description, Type Implementation, Type? OptionsType)
{
    public static StageDefinition FromType(Type type)
    {
        var attribute = type.GetCustomAttribute<StageAttribute>()
            ?? throw new ArgumentException($"{type.FullName} has no [Stage] attribute");
        if (!typeof(IDocumentFilter).IsAssignableFrom(type) && !typeof(IPipelineStage).IsAssignableFrom(type))
            throw new ArgumentException($"{type.FullName} is neither an IDocumentFilter nor an IPipelineStage");
        var ctors = type.GetConstructors();
        if (ctors.Length != 1 || ctors[0].GetParameters().Length > 1)
            throw new ArgumentException($"{type.FullName} must have one public constructor taking its options object");
        var parameter = ctors[0].GetParameters().FirstOrDefault();
        return new StageDefinition(attribute.Name, attribute.Description, type, parameter?.ParameterType);
    }

    /// <summary>Creates the options object with its defaults.</summary>
    public object? CreateDefaultOptions() => OptionsType == null ? null : Activator.CreateInstance(OptionsType);

    /// <summary>
    /// Builds what a run needs once (a filter loads its model here) and returns a factory for per-task instances.
    /// </summary>
    public Func<IPipelineStage> Prepare(object? options)
    {
        object Create()
        {
            try
            {
                return OptionsType == null ? Activator.CreateInstance(Implementation)! : Activator.CreateInstance(Implementation, options)!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw new StageSetupException(Name, e.InnerException);
            }
        }
        if (typeof(IDocumentFilter).IsAssignableFrom(Implementation))
        {
            var filter = new FilterStage((IDocumentFilter)Create());
            return () => filter;
        }
        return () => (IPipelineStage)Create();
    }

    /// <summary>Adapts a shared, thread-safe filter to a stage.</summary>
    private sealed class FilterStage(IDocumentFilter filter) : IPipelineStage
    {
        public FilterOutcome Process(Document doc)
        {
            var outcome = filter.Apply(new FilterInput(doc.Text, doc.Id, doc.Metadata));
            if (outcome.NewText != null)
                doc.Text = outcome.NewText;
            return outcome;
        }
    }
}

/// <summary>A stage failed to set itself up (missing model file, bad pattern...).</summary>
public sealed class StageSetupException(string stage, Exception inner)
    : Exception($"stage '{stage}' cannot start: {inner.Message}", inner)
{
    public string Stage { get; } = stage;
}
