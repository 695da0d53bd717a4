/**
 * Plants for `leased-asset-without-contract` (contract): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { AssetDraft } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantLeasedAssetWithoutContract(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const asset = (a: Omit<AssetDraft, 'village' | 'asset_id'>): AssetDraft => {
    const d: AssetDraft = { ...a, village: v.no, asset_id: '' };
    m.assets.push(d);
    return d;
  };
  const a1 = asset({ type: '房屋建筑物', name: '村西门市房', value: 36000000, status: 'leased', contract: null });
  cx.addCase('leased-asset-without-contract', 'a shopfront recorded as leased with no contract', () => [a1.asset_id]);
  const a2 = asset({ type: '机器设备', name: '粮食烘干机', value: 18000000, status: 'leased', contract: null, danglingContractId: `HT${v.code}999` });
  cx.addCase('leased-asset-without-contract', 'a leased asset naming a contract that does not exist', () => [a2.asset_id]);
  const s3 = addDays(addYears(m.asOf, -3), -1);
  const c3 = cx.contract(books, { subject: 'building', desc: '村东仓库', areaC: null, start: s3, end: addDays(m.asOf, -1), annual: 900000, resolution: null });
  const a3 = asset({ type: '房屋建筑物', name: '村东仓库', value: 25000000, status: 'leased', contract: c3 });
  cx.addCase('leased-asset-without-contract', 'a leased warehouse whose lease ended the day before asOf', () => [a3.asset_id]);
  const s4 = addDays(addYears(m.asOf, -3), 1);
  const c4 = cx.contract(books, { subject: 'pond', desc: '村西鱼塘', areaC: 700, start: s4, end: m.asOf, annual: 560000, resolution: null });
  const n1 = asset({ type: '水域', name: '村西鱼塘', value: 8000000, status: 'leased', contract: c4 });
  cx.addNearMiss('leased-asset-without-contract', 'a leased pond whose lease ends on asOf', () => [n1.asset_id]);
  const n2 = asset({ type: '房屋建筑物', name: '闲置校舍', value: 42000000, status: 'idle', contract: null });
  cx.addNearMiss('leased-asset-without-contract', 'an idle building with no contract', () => [n2.asset_id]);
}
