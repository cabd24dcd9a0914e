import Foundation
import Testing
@testable import AdjointData

/// Checks the format against an independent implementation: NumPy reading and writing the
/// layout by hand, as the safetensors specification describes it. Python 3 with NumPy is a
/// test requirement; without it these tests fail and say so rather than pass vacuously.
@Suite struct SafeTensorsInterop {
    /// Runs `python3 -c script arguments...` and returns its standard output.
    func python(_ script: String, _ arguments: [String]) throws -> String? {
        runPython(script, arguments, requiredBy: "the safetensors interoperability tests")
    }

    @Test func numpyReadsWhatAdjointWrites() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("adjoint.safetensors")
        let w = Tensor<Float>(linspace: -1, 1, count: 12).reshaped([3, 4])
        let b = Tensor<Double>([1.5, -2.25, 1e-300, .pi], shape: [2, 2])
        let metadata = ["epoch": "7", "note": "h\u{e9}llo \"quoted\""]
        try SafeTensors.write([("fc1_w", StoredTensor(w)), ("fc1_b", StoredTensor(b))], metadata: metadata, to: url)

        // Python gets the expected values as JSON (Swift prints the shortest text that reads
        // back exactly, Python parses it exactly) and compares what NumPy decodes bit for bit.
        func expectation(_ dtype: String, _ shape: [Int], _ values: [Double]) -> JSONText {
            .object([("dtype", .string(dtype)), ("shape", .array(shape.map { .integer($0) })),
                     ("values", .array(values.map { .number($0) }))])
        }
        let expected = JSONText.object([
            ("metadata", .object(metadata.map { ($0.key, .string($0.value)) })),
            ("tensors", .object([("fc1_w", expectation("F32", [3, 4], w.scalars.map(Double.init))),
                                 ("fc1_b", expectation("F64", [2, 2], b.scalars))])),
        ]).rendered()
        let script = """
            import json, struct, sys
            import numpy as np
            raw = open(sys.argv[1], 'rb').read()
            expected = json.loads(sys.argv[2])
            (n,) = struct.unpack('<Q', raw[:8])
            assert n % 8 == 0, 'header length %d is not a multiple of 8' % n
            header = json.loads(raw[8:8 + n].decode('utf-8'))
            data = raw[8 + n:]
            assert header.pop('__metadata__') == expected['metadata'], 'metadata differs'
            assert sorted(header) == sorted(expected['tensors']), 'names differ: %s' % sorted(header)
            end = 0
            for name, info in sorted(header.items(), key=lambda kv: kv[1]['data_offsets']):
                want = expected['tensors'][name]
                begin, stop = info['data_offsets']
                assert begin == end, 'hole or overlap before ' + name
                end = stop
                assert (info['dtype'], info['shape']) == (want['dtype'], want['shape']), name + ': ' + str(info)
                array = np.frombuffer(data[begin:stop], dtype={'F32': '<f4', 'F64': '<f8'}[info['dtype']])
                array = array.reshape(info['shape']).astype('<f8').ravel()
                assert np.array_equal(array, np.array(want['values'])), name + ': ' + str(array)
            assert end == len(data), 'trailing bytes'
            print('ok', len(header))
            """
        guard let output = try python(script, [url.path, expected]) else { return }
        #expect(output == "ok 2\n")
    }

    @Test func adjointReadsWhatNumpyWrites() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("numpy.safetensors")
        // Deliberately not Adjoint's own choices: tensors out of name order, an F64 first,
        // a rank-0 tensor, and the header padded with spaces.
        let script = """
            import json, struct, sys
            import numpy as np
            tensors = [('layer.bias', np.array([0.1, -1e10, np.pi], dtype='<f8')),
                       ('layer.weight', (np.arange(6, dtype='<f4') * 0.5 - 1).reshape(2, 3)),
                       ('step', np.array(3.0, dtype='<f8'))]
            header, offset, blobs = {'__metadata__': {'framework': 'numpy'}}, 0, []
            for name, array in tensors:
                blob = array.tobytes()
                header[name] = {'dtype': {'<f4': 'F32', '<f8': 'F64'}[array.dtype.str],
                                'shape': list(array.shape), 'data_offsets': [offset, offset + len(blob)]}
                offset += len(blob)
                blobs.append(blob)
            text = json.dumps(header).encode('utf-8')
            text += b' ' * (-len(text) % 8)
            with open(sys.argv[1], 'wb') as f:
                f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))
            """
        guard try python(script, [url.path]) != nil else { return }
        let file = try SafeTensors.read(from: url)
        #expect(file.names == ["layer.bias", "layer.weight", "step"])
        #expect(file.metadata == ["framework": "numpy"])
        #expect(try file.tensor(named: "layer.bias", as: Double.self, shape: [3]).scalars == [0.1, -1e10, .pi])
        #expect(try file.tensor(named: "layer.weight", as: Float.self, shape: [2, 3]).scalars == [-1, -0.5, 0, 0.5, 1, 1.5])
        #expect(try file.tensor(named: "step", as: Double.self, shape: []).scalar == 3)
    }
}
