#!/usr/bin/env python3
"""PyTorch twin of Adjoint's `char-model` example (2 threads, float32).

Same data, split, batches, models and optimiser as `swift run -c release char-model --model M`:
the words of Data/words.txt, a tenth held out by the permutation of Adjoint's SeededGenerator
(xoshiro256**, written out below) with seed 0; each word is '.' + letters in, letters + '.' out,
padded to 16 positions whose targets are ignored; batches of 32 words in an order drawn by the
same generator (seed 1, a new permutation per epoch); AdamW (weight decay 0.01; learning rates below).
Prints the held-out negative log-likelihood per character, the median step time and 20 samples.
Usage: python char_model.py [bigram|mlp|lstm|transformer] [--steps N] [--threads N]
"""
import math, os, statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

torch.set_num_threads(2); torch.manual_seed(0)
V, T, B, E, H, L, HID = 27, 16, 32, 64, 4, 4, 128
MASK = (1 << 64) - 1


class SeededGenerator:
    """Adjoint's SeededGenerator: xoshiro256** seeded by SplitMix64."""
    def __init__(self, seed):
        s, self.s = seed, []
        for _ in range(4):
            s = (s + 0x9E3779B97F4A7C15) & MASK
            z = s
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            self.s.append(z ^ (z >> 31))

    def next(self):
        s0, s1, s2, s3 = self.s
        rot = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
        result = (rot((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rot(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def permutation(self, n):
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = (self.next() * (i + 1)) >> 64
            order[i], order[j] = order[j], order[i]
        return order


def encode(words):
    x = torch.zeros(len(words), T, dtype=torch.long)
    y = torch.full((len(words), T), -1, dtype=torch.long)
    for n, w in enumerate(words):
        ids = [ord(c) - 96 for c in w]
        x[n, 1:len(ids) + 1] = torch.tensor(ids, dtype=torch.long)
        y[n, :len(ids) + 1] = torch.tensor(ids + [0], dtype=torch.long)
    return x, y


class Bigram(nn.Module):
    def __init__(self):
        super().__init__(); self.table = nn.Embedding(V, V)
    def forward(self, x): return self.table(x)


class MLP(nn.Module):
    """The previous 3 characters ('.' before the start), embedded and concatenated."""
    def __init__(self, e=16, hidden=256):
        super().__init__()
        self.emb, self.fc, self.out = nn.Embedding(V, e), nn.Linear(3 * e, hidden), nn.Linear(hidden, V)
    def forward(self, x):
        ctx = torch.stack([F.pad(x, (k, 0))[:, :x.shape[1]] for k in (2, 1, 0)], dim=2)
        return self.out(torch.tanh(self.fc(self.emb(ctx).flatten(2))))


class LSTMModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb, self.lstm, self.head = nn.Embedding(V, E), nn.LSTM(E, HID, batch_first=True), nn.Linear(HID, V)
    def forward(self, x): return self.head(self.lstm(self.emb(x))[0])


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(E), nn.LayerNorm(E)
        self.qkv, self.proj = nn.Linear(E, 3 * E), nn.Linear(E, E)
        self.fc, self.out = nn.Linear(E, 4 * E), nn.Linear(4 * E, E)
    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(E, dim=2)
        q, k, v = (z.view(b, t, H, E // H).transpose(1, 2) for z in (q, k, v))
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(b, t, E)
        x = x + self.proj(a)
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(V, E), nn.Embedding(T, E)
        self.blocks = nn.Sequential(*[Block() for _ in range(L)])
        self.ln, self.head = nn.LayerNorm(E), nn.Linear(E, V)
    def forward(self, x):
        return self.head(self.ln(self.blocks(self.tok(x) + self.pos(torch.arange(x.shape[1])))))


MODELS = {"bigram": Bigram, "mlp": MLP, "lstm": LSTMModel, "transformer": GPT}
# Steps and learning rates: the transformer's and the LSTM's are recipe_seq.py's; the small models
# learn at a larger rate.
DEFAULT_STEPS = {"bigram": 3000, "mlp": 6000, "lstm": 6000, "transformer": 10000}
LEARNING_RATE = {"bigram": 1e-2, "mlp": 2e-3, "lstm": 5e-4, "transformer": 5e-4}


def held_out_nll(model, x, y):
    model.eval()
    with torch.no_grad():
        total = sum(F.cross_entropy(model(x[i:i + 1000]).reshape(-1, V), y[i:i + 1000].reshape(-1),
                                    ignore_index=-1, reduction="sum").item() for i in range(0, len(x), 1000))
    model.train()
    return total / (y >= 0).sum().item()


def sample(model, count, g):
    model.eval(); words = []
    with torch.no_grad():
        for _ in range(count):
            x = torch.zeros(1, T, dtype=torch.long); word = ""
            for t in range(T - 1):
                p = F.softmax(model(x)[0, t], dim=0)
                c = torch.multinomial(p, 1, generator=g).item()
                if c == 0: break
                word += chr(96 + c); x[0, t + 1] = c
            words.append(word)
    model.train(); return words


def main():
    args = sys.argv[1:]
    name = next((a for a in args if a in MODELS), "transformer")
    steps = int(args[args.index("--steps") + 1]) if "--steps" in args else DEFAULT_STEPS[name]
    if "--threads" in args: torch.set_num_threads(int(args[args.index("--threads") + 1]))
    here = os.path.dirname(os.path.abspath(__file__))
    words = open(os.path.join(here, "..", "..", "Data", "words.txt")).read().split()
    order = SeededGenerator(0).permutation(len(words))
    held = len(words) // 10
    train_x, train_y = encode([words[i] for i in order[held:]])
    test_x, test_y = encode([words[i] for i in order[:held]])
    model = MODELS[name]()
    opt = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE[name], weight_decay=0.01)
    batches, rng, times = [], SeededGenerator(1), []
    for step in range(steps):
        if not batches:
            perm = rng.permutation(len(train_x))
            batches = [perm[i:i + B] for i in range(0, len(perm) - B + 1, B)][::-1]
        rows = torch.tensor(batches.pop())
        t0 = time.perf_counter()
        logits = model(train_x[rows])
        loss = F.cross_entropy(logits.reshape(-1, V), train_y[rows].reshape(-1), ignore_index=-1)
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        times.append(time.perf_counter() - t0)
        if (step + 1) % 1000 == 0:
            print(f"step {step + 1}/{steps}: loss {loss.item():.4f}", flush=True)
    nll = held_out_nll(model, test_x, test_y)
    print(f"{name}: held-out NLL {nll:.4f} nats/char after {steps} steps; "
          f"step {statistics.median(times) * 1e3:.3f} ms (median, torch eager float32, {torch.get_num_threads()} threads)")
    print("samples:", " ".join(sample(model, 20, torch.Generator().manual_seed(0))))


if __name__ == "__main__":
    main()
