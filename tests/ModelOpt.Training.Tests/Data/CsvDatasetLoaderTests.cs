using ModelOpt.Training.Data;
using Xunit;

namespace ModelOpt.Training.Tests.Data;

public class CsvDatasetLoaderTests
{
    private readonly string _dir = TestData.TempDirectory();

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Label_strings_become_class_ids_in_order_of_appearance()
    {
        var path = Write("a,species,b\n1.5,setosa,2\n3,virginica,4\n5,setosa,\"6\"\n");
        var data = CsvDatasetLoader.Load(path, "species");
        Assert.Equal(["setosa", "virginica"], data.ClassNames);
        Assert.Equal([0L, 1, 0], data.Labels);
        Assert.Equal([2L], data.SampleShape);
        Assert.Equal([1.5f, 2, 3, 4, 5, 6], data.Features);
    }

    [Fact]
    public void Integer_labels_are_used_as_class_ids_and_named_feature_columns_are_chosen()
    {
        var data = CsvDatasetLoader.Load(Write("x,y,z,target\n1,2,3,2\n4,5,6,0\n"), "target", ["z", "x"]);
        Assert.Equal([2L, 0], data.Labels);
        Assert.Equal(3, data.NumClasses);
        Assert.Equal([3f, 1, 6, 4], data.Features);
    }

    [Fact]
    public void A_non_numeric_value_names_the_line_and_column()
    {
        var e = Assert.Throws<DatasetFormatException>(() => CsvDatasetLoader.Load(Write("a,b,label\n1,2,x\n3,oops,y\n"), "label"));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("'b'", e.Message);
        Assert.Contains("oops", e.Message);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_names_its_line()
    {
        var e = Assert.Throws<DatasetFormatException>(() => CsvDatasetLoader.Load(Write("a,b,label\n1,2,x\n3,y\n"), "label"));
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void A_missing_label_column_lists_the_header()
    {
        var e = Assert.Throws<DatasetFormatException>(() => CsvDatasetLoader.Load(Write("a,b\n1,2\n"), "label"));
        Assert.Contains("'label'", e.Message);
        Assert.Contains("a, b", e.Message);
    }
}
