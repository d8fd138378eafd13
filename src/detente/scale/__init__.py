"""Scale stage: the batch function (:func:`detente.batch.code_batch`) distributed,
locally and on a Ray cluster.

``run_job`` codes a corpus partition by partition into Parquet datasets (the
``local`` engine in this process, the ``ray`` engine in a pool of Ray actors);
``attach_output`` imports such an output folder into the DuckDB store. Ray is an
optional extra (``pip install 'detente[ray]'``) and is imported only when used.
"""

from detente.scale.attach import AttachReport, attach_output
from detente.scale.output import DATASETS, OutputDir, PartitionSummary
from detente.scale.partitions import Partition, expand_inputs, plan_partitions
from detente.scale.records import code_records, result_tables
from detente.scale.runner import ENGINES, RunReport, run_job
from detente.scale.work import process_partition

__all__ = [
    "DATASETS",
    "ENGINES",
    "AttachReport",
    "OutputDir",
    "Partition",
    "PartitionSummary",
    "RunReport",
    "attach_output",
    "code_records",
    "expand_inputs",
    "plan_partitions",
    "process_partition",
    "result_tables",
    "run_job",
]
