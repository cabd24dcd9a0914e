"""Writes sequence_vectors.json: PyTorch's attention and recurrent layers on small float64 cases.

Each case holds its inputs, PyTorch's parameters (PyTorch's names and layouts), the outputs and
the gradients of loss = sum over outputs of (output * a fixed random tensor named "r.<output>")
with respect to every input and parameter, named "grad.<name>". Run from anywhere with
torch 2.x: `python make_sequence_vectors.py`; the file is written beside this script.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def randn(*shape, requires_grad=True):
    return torch.randn(*shape, requires_grad=requires_grad)


def pack(tensor):
    t = tensor.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def finish(inputs, parameters, outputs, config=None):
    """Pulls back the fixed random weighting of every output; packs everything."""
    tensors = {}
    loss = 0
    for name, out in outputs.items():
        r = torch.randn(*out.shape)
        tensors["r." + name] = pack(r)
        tensors[name] = pack(out)
        loss = loss + (out * r).sum()
    leaves = {**inputs, **parameters}
    grads = torch.autograd.grad(loss, list(leaves.values()))
    for (name, leaf), grad in zip(leaves.items(), grads):
        tensors[name] = pack(leaf)
        tensors["grad." + name] = pack(grad)
    return {"config": config or {}, "tensors": tensors}


def sdpa_case(seed, batch, length, source, embed, value_embed, causal=False, mask=None):
    torch.manual_seed(seed)
    q, k, v = randn(*batch, length, embed), randn(*batch, source, embed), randn(*batch, source, value_embed)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)
    case = finish({"query": q, "key": k, "value": v}, {}, {"output": out}, {"isCausal": int(causal)})
    if mask is not None:
        case["tensors"]["mask"] = pack(mask.to(torch.float64))
    return case


# A query whose keys are all masked gets zero output and zero gradients in recent PyTorch
# (its math backend's safe softmax; checked with 2.15); "sdpaEmptyRow" records that.
def padding_mask(lengths, source):
    """(N, 1, 1, S) booleans, True for the keys each sample attends to."""
    return (torch.arange(source)[None, :] < torch.tensor(lengths)[:, None])[:, None, None, :]


def mha_case(seed, embed, heads, batch, length, source, causal=False, lengths=None):
    torch.manual_seed(seed)
    mha = torch.nn.MultiheadAttention(embed, heads, batch_first=True)
    with torch.no_grad():  # nonzero biases, so their gradients and placement are checked
        mha.in_proj_bias.normal_()
        mha.out_proj.bias.normal_()
    query = randn(batch, length, embed)
    key = query if source is None else randn(batch, source, embed)
    value = query if source is None else randn(batch, source, embed)
    attn_mask = torch.ones(length, length, dtype=torch.bool).triu(1) if causal else None
    key_padding = None if lengths is None else ~padding_mask(lengths, source)[:, 0, 0, :]
    out, weights = mha(query, key, value, attn_mask=attn_mask, key_padding_mask=key_padding,
                       need_weights=True, average_attn_weights=True, is_causal=causal)
    inputs = {"query": query} if source is None else {"query": query, "key": key, "value": value}
    case = finish(inputs, dict(mha.named_parameters()), {"output": out, "weights": weights},
                  {"heads": heads, "isCausal": int(causal), "selfAttention": int(source is None)})
    if lengths is not None:
        case["tensors"]["mask"] = pack(padding_mask(lengths, source).to(torch.float64))
    return case


def recurrent_case(seed, kind, features, hidden, layers, batch, steps):
    torch.manual_seed(seed)
    rnn = getattr(torch.nn, kind)(features, hidden, num_layers=layers, batch_first=True)
    x = randn(batch, steps, features)
    h0 = randn(layers, batch, hidden)
    if kind == "LSTM":
        c0 = randn(layers, batch, hidden)
        out, (h, c) = rnn(x, (h0, c0))
        return finish({"input": x, "h0": h0, "c0": c0}, dict(rnn.named_parameters()),
                      {"output": out, "h": h, "c": c}, {"layers": layers})
    out, h = rnn(x, h0)
    return finish({"input": x, "h0": h0}, dict(rnn.named_parameters()), {"output": out, "h": h},
                  {"layers": layers})


def cell_case(seed, kind, features, hidden, batch):
    torch.manual_seed(seed)
    cell = getattr(torch.nn, kind)(features, hidden)
    x, h0 = randn(batch, features), randn(batch, hidden)
    if kind == "LSTMCell":
        c0 = randn(batch, hidden)
        h, c = cell(x, (h0, c0))
        return finish({"input": x, "h0": h0, "c0": c0}, dict(cell.named_parameters()), {"h": h, "c": c})
    h = cell(x, h0)
    return finish({"input": x, "h0": h0}, dict(cell.named_parameters()), {"h": h})


def transformer_case(seed, embed, heads, batch, length):
    """A pre-norm GELU encoder layer (TransformerBlock), causal, dropout off."""
    torch.manual_seed(seed)
    layer = torch.nn.TransformerEncoderLayer(embed, heads, dim_feedforward=3 * embed, dropout=0.0,
                                             activation="gelu", batch_first=True, norm_first=True)
    with torch.no_grad():  # nonzero biases and norms away from 1 and 0, so each is checked
        for name, p in layer.named_parameters():
            if not name.endswith("weight") or name.startswith("norm"):
                p.normal_()
    x = randn(batch, length, embed)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(length)
    out = layer(x, src_mask=mask, is_causal=True)
    return finish({"input": x}, dict(layer.named_parameters()), {"output": out}, {"heads": heads})


cases = {
    "sdpa": sdpa_case(1, [2, 2], 3, 5, 4, 6),
    "sdpaCausal": sdpa_case(2, [2, 3], 4, 4, 5, 3, causal=True),
    "sdpaPadding": sdpa_case(3, [2, 2], 3, 5, 4, 4, mask=padding_mask([5, 2], 5)),
    "sdpaEmptyRow": sdpa_case(10, [2], 3, 4, 3, 2, mask=torch.tensor(
        [[True, False, True, False], [False, False, False, False], [False, True, True, True]])),
    "mhaCausalSelf": mha_case(4, 8, 2, 2, 4, None, causal=True),
    "mhaPaddingCross": mha_case(5, 6, 3, 2, 3, 5, lengths=[5, 3]),
    "lstm": recurrent_case(6, "LSTM", 3, 5, 2, 2, 4),
    "gru": recurrent_case(7, "GRU", 3, 5, 2, 2, 4),
    "lstmCell": cell_case(8, "LSTMCell", 3, 4, 2),
    "gruCell": cell_case(9, "GRUCell", 3, 4, 2),
    "transformerBlock": transformer_case(11, 8, 2, 2, 5),
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sequence_vectors.json")
with open(path, "w") as f:
    json.dump(cases, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {path}: {', '.join(cases)}")
