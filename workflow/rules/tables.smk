rule train_table_row:
    """One row of a device paper's accuracy table: its neuron, its synapses, one trained MLP."""
    input:
        mnist=MNIST,
        surrogates=lambda w: table_row_surrogates(w.table, int(w.row)),
    output:
        metrics=f"{RESULTS}/network/tables/{{table}}/row{{row}}.json",
    params:
        network=lambda w: config["paper_tables"][w.table]["network"],
        row=lambda w: CONFIG.resolved_row(
            config["paper_tables"][w.table]["rows"][int(w.row)]
        ),
        seed=config["seed"],
        surrogate_dir=f"{RESULTS}/surrogate",
    wildcard_constraints:
        row=r"\d+",
        table=PAPER_TABLE_PATTERN,
    log:
        f"{RESULTS}/logs/network/tables/{{table}}/row{{row}}.log",
    threads: 1
    resources:
        mem_mb=3000,
        runtime=240,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/train_row.py"


rule paper_table:
    """row, paper_percent, ours_percent, status for one paper (status ok within 2 points)."""
    input:
        lambda w: expand(f"{RESULTS}/network/tables/{w.table}/row{{row}}.json",
                         row=range(len(config["paper_tables"][w.table]["rows"]))),
    output:
        table=report(
            f"{RESULTS}/tables/{{table}}.csv",
            caption="../report/paper_table.rst",
            category="5. Paper tables",
            labels={"paper": "{table}", "content": "table"},
        ),
        figure=report(
            f"{RESULTS}/network/{{table}}_recognition.png",
            caption="../report/recognition.rst",
            category="5. Paper tables",
            labels={"paper": "{table}", "content": "recognition during training"},
        ),
    wildcard_constraints:
        table=PAPER_TABLE_PATTERN,
    log:
        f"{RESULTS}/logs/report/{{table}}.log",
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/spinnet.yaml"
    script:
        "../scripts/paper_table.py"
