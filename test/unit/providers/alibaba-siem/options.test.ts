import { OptionReader } from '../../../../src/options/option-reader';
import { readSiemOptions } from '../../../../src/providers/alibaba-siem/options';

const PATH = '$.tenants[0].providers.alibaba-siem';
const read = (options: Record<string, unknown>) =>
  readSiemOptions(new OptionReader({ accessKeyId: 'LTAI5tSiemKey', accessKeySecret: 'SiemSecret0123456789', ...options }, PATH));

describe('RegionId from the endpoint, when regionId is not configured', () => {
  it.each([
    ['https://cloud-siem.ap-southeast-1.aliyuncs.com', 'ap-southeast-1'],
    ['https://cloud-siem-vpc.ap-southeast-1.aliyuncs.com', 'ap-southeast-1'],
    ['https://CLOUD-SIEM.AP-SOUTHEAST-1.ALIYUNCS.COM:443/', 'ap-southeast-1'],
    ['https://cloud-siem.cn-shanghai.aliyuncs.com', 'cn-hangzhou'],
    ['https://cloud-siem-vpc.cn-shanghai.aliyuncs.com', 'cn-hangzhou'],
    ['https://cloud-siem.cn-hangzhou.aliyuncs.com', 'cn-hangzhou'],
    // Neither endpoint: a proxy, a private endpoint, an emulator: the mainland default.
    ['https://proxy.example/cloud-siem', 'cn-hangzhou'],
    ['https://proxy.example/cloud-siem.ap-southeast-1.aliyuncs.com', 'cn-hangzhou'],
    ['http://127.0.0.1:8443', 'cn-hangzhou'],
  ])('%s → %s', (endpoint, regionId) => {
    expect(read({ endpoint }).regionId).toBe(regionId);
  });

  it('an explicit regionId stands where the endpoint implies nothing', () => {
    expect(read({ endpoint: 'https://proxy.example/siem', regionId: 'ap-southeast-1' }).regionId).toBe('ap-southeast-1');
    expect(read({ endpoint: 'https://cloud-siem.ap-southeast-1.aliyuncs.com', regionId: 'ap-southeast-1' }).regionId).toBe(
      'ap-southeast-1',
    );
    expect(read({ endpoint: 'https://cloud-siem.cn-shanghai.aliyuncs.com', regionId: 'cn-hangzhou' }).regionId).toBe('cn-hangzhou');
  });

  it.each([
    [
      'https://cloud-siem.ap-southeast-1.aliyuncs.com',
      'cn-hangzhou',
      `${PATH}.regionId: expected "ap-southeast-1" (or no regionId) with the endpoint cloud-siem.ap-southeast-1.aliyuncs.com, which serves assets outside the Chinese mainland, but got "cn-hangzhou"`,
    ],
    [
      'https://cloud-siem.cn-shanghai.aliyuncs.com',
      'ap-southeast-1',
      `${PATH}.regionId: expected "cn-hangzhou" (or no regionId) with the endpoint cloud-siem.cn-shanghai.aliyuncs.com, which serves assets in the Chinese mainland, but got "ap-southeast-1"`,
    ],
    [
      'https://cloud-siem.cn-hangzhou.aliyuncs.com',
      'ap-southeast-1',
      `${PATH}.regionId: expected "cn-hangzhou" (or no regionId) with the endpoint cloud-siem.cn-hangzhou.aliyuncs.com, which serves assets in the Chinese mainland, but got "ap-southeast-1"`,
    ],
  ])('a regionId that contradicts the endpoint is a config error: %s with %s', (endpoint, regionId, message) => {
    expect(() => read({ endpoint, regionId })).toThrow(message);
  });

  it('lang defaults to en (the API itself defaults to zh)', () => {
    expect(read({ endpoint: 'https://cloud-siem.cn-shanghai.aliyuncs.com' }).lang).toBe('en');
    expect(read({ endpoint: 'https://cloud-siem.cn-shanghai.aliyuncs.com', lang: 'zh' }).lang).toBe('zh');
  });
});
