"""A model whose exported program really differs from eager: the harness must say FAIL.

`ExportOnlyPath` has a tracing-only code path, as models with an "export
fast path" do: under torch.export (torch.compiler.is_exporting()) it doubles
only the first CALIBRATED_ROWS rows, a module-level setting that matches the
example batch; eager doubles every row. So the program equals eager at the
example size (and below it) and differs for every batch above it, which only
replay samples drawn from the program's range can show.
"""

import torch

CALIBRATED_ROWS = 4  # the example batch of cases/wrong_program_export_path.yaml


class ExportOnlyPath(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.compiler.is_exporting():
            keep = torch.arange(x.shape[0], device=x.device) < CALIBRATED_ROWS
            return torch.where(keep[:, None], x * 2, x)
        return x * 2
